// Profile names in plain text (toasts, accessible names): the cleaned name, and the same isolated with FSI … PDI, the
// plain-text equivalent of <bdi>, so a right-to-left name cannot reorder the message around it.
import { profileNameForDisplay } from '../../storage/profileNames';

export const displayName = profileNameForDisplay;

/** The name between U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE. */
export function isolatedName(name: string): string {
  return `\u2068${profileNameForDisplay(name)}\u2069`;
}
