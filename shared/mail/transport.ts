import nodemailer, { type Transporter } from 'nodemailer';

/** One SMTP transport per process; `SMTP_URL` carries host, port, credentials and TLS choice. */
export function createMailTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl);
}
