import type { Request, Response } from 'express';
import { AppError } from '../../shared/errors/app-error.js';
import { randomToken, safeEqual, signToken } from '../../shared/security/tokens.js';
import { readCookies } from '../http/cookies.js';

/**
 * CSRF protection without a login: the page sets a random nonce in a SameSite=Strict cookie and puts
 * HMAC(LINK_SECRET, link hash + nonce) in each form. A page on another site can neither read the
 * cookie nor compute the HMAC, and a form from one ticket's page does not fit another ticket's link.
 */
export const FORM_COOKIE = 'hl_answer_form';
const NONCE_SHAPE = /^[A-Za-z0-9_-]{22}$/;

function formToken(secret: string, tokenHash: string, nonce: string): string {
  return signToken(secret, `answer-form:${tokenHash}:${nonce}`);
}

/** The CSRF field value for a page; sets the cookie when the browser has none yet (several tabs share one). */
export function issueFormGuard(req: Request, res: Response, secret: string, tokenHash: string): string {
  let nonce = readCookies(req).get(FORM_COOKIE);
  if (!nonce || !NONCE_SHAPE.test(nonce)) {
    nonce = randomToken(16);
    res.cookie(FORM_COOKIE, nonce, {
      path: '/answer',
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
    });
  }
  return formToken(secret, tokenHash, nonce);
}

/** Throws 403 CSRF_FAILED unless the form's field matches the cookie and this link. */
export function verifyFormGuard(req: Request, secret: string, tokenHash: string, field: unknown): void {
  const nonce = readCookies(req).get(FORM_COOKIE);
  const valid =
    typeof field === 'string' &&
    nonce !== undefined &&
    NONCE_SHAPE.test(nonce) &&
    safeEqual(field, formToken(secret, tokenHash, nonce));
  if (!valid) throw new AppError(403, 'CSRF_FAILED');
}

/** A fresh id per rendered page: a repeat of the same submit (double click, back button) is recognised. */
export function newFormId(): string {
  return randomToken(16);
}

export const FORM_ID_SHAPE = NONCE_SHAPE;
