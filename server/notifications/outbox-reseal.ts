/** The outbox's sealed contents, for a secret rotation to seal them again (the outbox's rows are written only here, in the platform). */
export { selectSealedOutboxContents, updateSealedOutboxContent } from './outbox.queries.ts';
