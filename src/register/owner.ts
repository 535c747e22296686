/**
 * Who holds a pending number. A claim names its process (host and pid), so
 * a rerun after a crash can tell a dead claimant (finish its number) from a
 * live one (wait): on the same host by asking the system, on another host
 * by the claim's age.
 */
import { hostname } from 'node:os';

/** This process, as recorded on its claims. */
export const OWNER = `${hostname()}:${process.pid}`;

/** True when the process that claimed a pending number is gone (or is this one), so the number may be finished. */
export function ownerGone(owner: string | null, updatedAt: string, abandonAfterMs: number, now = Date.now()): boolean {
  if (!owner || owner === OWNER) return true;
  const old = now - Date.parse(updatedAt) >= abandonAfterMs;
  const at = owner.lastIndexOf(':');
  const host = owner.slice(0, at);
  const pid = Number(owner.slice(at + 1));
  if (host === hostname() && Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      return old; // alive (or its pid reused, which age settles)
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ESRCH' || old;
    }
  }
  return old;
}
