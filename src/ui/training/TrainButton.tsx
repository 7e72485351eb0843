// The top bar's training buttons: Train (or Pause / Resume, by state) and the dashboard toggle.
import { useTrainingController, useTrainingValue } from './context';
import { primaryAction } from './actions';
import { Icon } from './Icon';

export function TrainButton() {
  const c = useTrainingController();
  const action = useTrainingValue(primaryAction);
  const open = useTrainingValue((v) => v.open);
  return (
    <>
      <button className="tl-btn primary tl-train-btn" onClick={() => action.run(c)} disabled={action.disabled} title={action.title} data-testid="topbar-train">
        {action.icon && <Icon name={action.icon} />}
        {action.label}
      </button>
      <button className={`tl-btn${open ? ' tl-pressed' : ''}`} aria-pressed={open} onClick={() => c.setOpen(!open)}
        title={open ? 'Hide the training dashboard' : 'Show the training dashboard'} data-testid="toggle-dashboard">
        Dashboard
      </button>
    </>
  );
}
