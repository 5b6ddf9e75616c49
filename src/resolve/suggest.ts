/** "Did you mean" for profile names: the one suggestion function (lib/suggest.ts). */
export { closestNames as suggestProfiles, editDistance } from '../lib/suggest.js';
