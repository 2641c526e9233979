/** The path of the Electron executable, or undefined when it is not installed. */
export function electronBinary(): string | undefined;
