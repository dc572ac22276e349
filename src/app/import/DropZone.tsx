// Where the export goes in: a file picker (several files at once: Letterboxd's CSVs, a ZIP) and a drop target around it.
import { useId, useState, type DragEvent } from 'react';

export const ACCEPTED_FILES = '.csv,.json,.zip,text/csv,application/json,application/zip';
export const PICKER_LABEL = 'Choose export files (CSV, JSON or ZIP)';

export function DropZone({ disabled, onFiles }: { disabled: boolean; onFiles(files: File[]): void }) {
  const inputId = useId();
  const hintId = useId();
  const [over, setOver] = useState(false);
  const dragging = (event: DragEvent) => {
    if (!Array.from(event.dataTransfer.types).includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
    setOver(!disabled);
  };
  return (
    <div
      className={`drop-zone${over ? ' is-over' : ''}${disabled ? ' is-disabled' : ''}`}
      onDragEnter={dragging}
      onDragOver={dragging}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        if (!disabled && event.dataTransfer.files.length > 0) onFiles(Array.from(event.dataTransfer.files));
      }}
    >
      <p className="drop-zone-title" aria-hidden="true">
        Drop your export here
      </p>
      <input
        id={inputId}
        className="file-input"
        type="file"
        multiple
        accept={ACCEPTED_FILES}
        disabled={disabled}
        aria-describedby={hintId}
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          event.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      <label htmlFor={inputId} className={`button button-primary file-button${disabled ? ' is-disabled' : ''}`}>
        {PICKER_LABEL}
      </label>
      <p id={hintId} className="drop-zone-hint">
        Letterboxd: the ZIP from Settings → Data → Export (or its CSVs, several at once). IMDb: your ratings or watchlist CSV. Trakt: the ZIP or
        ratings-movies.json / watchlist-movies.json. MovieLens: the ratings CSV. Nothing leaves this device.
      </p>
    </div>
  );
}
