export { isLoopback } from './bind-policy.js';
export { ROUTES } from './routes/index.js';
export { type RunningServer, type ServeOptions, startServer } from './serve-server.js';
