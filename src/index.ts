// Probot entry point (`probot run ./dist/src/index.js`): registers the handlers, nothing else.
import { createApp } from "./app.js";

export default createApp().app;
