// An error that a person fixes outside the program (a bad setting, a service that cannot be reached):
// `npm start` prints its message as one line and exits with status 1, with no stack trace.
export class StartupError extends Error {}
