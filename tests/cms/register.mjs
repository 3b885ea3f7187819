// Lets Node import decap-cms-core's ES modules, whose imports leave out the `.js` extension
// (they are written for a bundler): `node --import ./register.mjs script.mjs`.
import { register } from 'node:module';
register('./resolve-hook.mjs', import.meta.url);
