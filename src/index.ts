// Probot entry point (`probot run ./dist/src/index.js`): checks the secrets, registers the handlers.
import { createApp } from "./app.js";
import { assertProductionSecrets } from "./secrets.js";

// Refuses to start in production without a strong webhook secret and a state key source.
assertProductionSecrets(process.env);

export default createApp().app;
