// Typeahead over directors and actors (ARIA 1.2 combobox + listbox): ↓/↑ move, Enter picks, Escape closes.
import { useId, useState, type KeyboardEvent } from 'react';
import type { PersonHit } from '../../engine/types';
import { useServices } from '../services';
import { useEngineQuery } from '../shared/useEngineQuery';
import { personHitText } from './exploreFormat';

const SUGGESTIONS = 8;

export function PersonSearch({ onPick }: { onPick(person: PersonHit): void }) {
  const { bridge } = useServices();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const inputId = useId();
  const listId = useId();
  const query = text.trim();
  const people = useEngineQuery(query ? `people:${query}` : null, () => bridge.people(query, SUGGESTIONS));
  const options = query && people.data ? people.data : [];
  const expanded = open && options.length > 0;

  const pick = (person: PersonHit) => {
    setText('');
    setOpen(false);
    setActive(-1);
    onPick(person);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (options.length === 0) return;
      event.preventDefault();
      setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current < 0 && step < 0 ? options.length - 1 : (current + step + options.length) % options.length));
    } else if (event.key === 'Enter') {
      if (!expanded) return;
      event.preventDefault();
      pick(options[active >= 0 ? active : 0]);
    } else if (event.key === 'Escape') {
      if (expanded) {
        event.preventDefault();
        setOpen(false);
        setActive(-1);
      } else setText('');
    }
  };

  return (
    <div className="field person-search">
      <label htmlFor={inputId}>Director or actor</label>
      <input
        id={inputId}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder="e.g. a director’s name"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        onFocus={() => setOpen(true)}
      />
      <ul id={listId} role="listbox" aria-label="Directors and actors" className="person-options" hidden={!expanded}>
        {options.map((person, i) => (
          <li
            key={person.name}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'is-active' : undefined}
            // mousedown, not click: the input keeps focus (its blur would close the list first).
            onMouseDown={(event) => {
              event.preventDefault();
              pick(person);
            }}
          >
            <span className="person-name">{person.name}</span>
            <span className="person-detail">{personHitText(person)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
