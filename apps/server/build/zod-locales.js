// Replaces zod's locales index in the server bundle (see options.ts): only English is used.
export { default as en } from "zod/v4/locales/en.js";
