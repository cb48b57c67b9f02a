/**
 * In-process SMTP catcher with a web view: the development stand-in for a real mail server and
 * the SMTP sink of integration tests.
 */
export { startMailCatcher } from './mail-catcher.js';
export type { CaughtMail, MailCatcher, MailCatcherOptions, RefuseMode, WaitForOptions } from './types.js';
