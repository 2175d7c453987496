/** The mail job's name, apart from its code: the server kicks it by name without loading nodemailer. */
export const DELIVER_MAIL = 'deliver-mail';
