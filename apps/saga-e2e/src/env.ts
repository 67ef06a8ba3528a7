/** The test runner's own environment, which each service process starts from (PATH, HOME, …). */
export const inheritedEnvironment = (): NodeJS.ProcessEnv => ({ ...process.env });
