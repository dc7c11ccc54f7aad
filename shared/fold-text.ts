/** Lower case, accents removed: « Été » and « ete », « Bât. 01 » and « bat. 01 » compare equal. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
