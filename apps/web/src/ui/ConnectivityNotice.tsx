import type { ConnectivityProblem } from '../net/connectivity-diagnosis.ts';
import { useTranslation } from 'react-i18next';
import { messageFor } from './messages.ts';

/** Why no peer can be reached, while that is so (tests find it by its test id). */
export function ConnectivityNotice({ problem }: { problem: ConnectivityProblem | null }) {
  const { t } = useTranslation();
  if (problem === null) return null;
  return (
    <p
      className="notice error"
      role="alert"
      data-testid="connectivity-problem"
      data-problem={problem}
    >
      {messageFor(t, problem)}
    </p>
  );
}
