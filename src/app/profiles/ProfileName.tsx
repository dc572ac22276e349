// A profile name wherever it is shown: cleaned of controls, isolated from the surrounding text (<bdi>, so a right-to-left
// name cannot reorder the sentence around it), on one line with an ellipsis, and the full name as a tooltip.
import { displayName } from './displayName';

export function ProfileName({ name, className }: { name: string; className?: string }) {
  const shown = displayName(name);
  return (
    <bdi className={className ? `name-text ${className}` : 'name-text'} title={shown}>
      {shown}
    </bdi>
  );
}
