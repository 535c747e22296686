// Imported first: zod decides at each schema's creation whether to compile its checks with new Function(), and this
// page's Content-Security-Policy allows no eval (the attempt alone is reported as a violation). Exported and used,
// not imported for its effect alone: the package says it has no side effects, and the bundler would drop it.
import { config } from 'zod';

export const ZOD_CONFIG = config({ jitless: true });
