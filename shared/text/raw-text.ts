import { z } from 'zod';
import { rawTextLimit } from './clean-text.js';

/**
 * A string refused before any cleaning when it is longer than cleaning could bring under `max`
 * (issue 14: cleaning ran before the length check). The message names the real limit, `max`.
 */
export function rawText(max: number, error?: string) {
  return z
    .string(error === undefined ? undefined : { error })
    .max(rawTextLimit(max), { message: `Tối đa ${max} ký tự.`, abort: true });
}
