// The audit chain head printed on exports: a last line anyone can keep and later give to
// `audit verify --anchor SEQ:HASH`.
import type { ChainHead } from '../../../shared/api';

export function chainHeadText(head: ChainHead | null): string {
  return head ? `${head.seq}:${head.hash}` : '0:(empty)';
}

export function withChainHead(csv: string, head: ChainHead | null): string {
  return `${csv}${csv.endsWith('\n') ? '' : '\n'}# audit chain head ${chainHeadText(head)}\n`;
}
