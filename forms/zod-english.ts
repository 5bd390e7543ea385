// English messages for the zod/mini schemas: mini ships none, and the error texts we show are zod's English.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// The same default zod classic installs for itself; set once, for every schema in the process.
config(en());
