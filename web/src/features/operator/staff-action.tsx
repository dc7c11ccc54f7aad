import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/client.ts';

/**
 * One back-office action (a POST, PATCH…): runs it, refreshes every staff query after it, and
 * keeps the server's refusal, in the visitor's language, for `ActionOutcome` to announce.
 */
export function useStaffAction<Input, Output>(action: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: action,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['staff'] }),
  });
}

/** What an action gave: a polite « done » line, or the server's refusal as an alert. */
export function ActionOutcome({ action, doneText }: { action: { isSuccess: boolean; error: unknown }; doneText: string }) {
  const refusal = action.error instanceof ApiError ? action.error.message : action.error ? String(action.error) : null;
  return (
    <>
      <div role="status">{action.isSuccess && <p className="operator-success">{doneText}</p>}</div>
      {refusal && (
        <div role="alert" className="data-error">
          <p>{refusal}</p>
        </div>
      )}
    </>
  );
}
