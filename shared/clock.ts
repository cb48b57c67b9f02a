/** The current instant; injected so that tests can control time instead of waiting. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
