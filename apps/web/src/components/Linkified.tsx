import { Fragment } from 'react';

const URL_RE = /(https?:\/\/[^\s<>"']+|\/(?:accept-invitation|reset-password)\?token=[^\s<>"']+)/g;

/**
 * Plain mail text with its links clickable: in the outbox, an admin opens invitation and reset links
 * straight from here when no mail server is configured.
 */
export function Linkified({ text }: { text: string }) {
  const parts = text.split(URL_RE);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} target="_blank" rel="noreferrer noopener">{part}</a>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}
