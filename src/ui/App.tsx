// The editor's layout: top bar; graphs and palette on the left; the canvas with its breadcrumb and
// the problems panel in the middle; the inspector on the right. Either side panel can be hidden;
// presentation mode shows the canvas and the dashboard alone.
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { Canvas } from './canvas/Canvas';
import { CodePanel } from './code/CodePanel';
import { useCodeViewOpen } from './code/openState';
import { AnalysisContext, StoresContext, useDoc, useLiveAnalysis, useSession, useStores, type Stores } from './context';
import { Breadcrumb } from './graphs/Breadcrumb';
import { GraphSwitcher } from './graphs/GraphSwitcher';
import { Inspector } from './inspector/Inspector';
import { NoticeDialog } from './NoticeDialog';
import type { Notice } from './notices';
import { Palette } from './palette/Palette';
import { ProblemsPanel } from './problems/ProblemsPanel';
import { TopBar } from './topbar/TopBar';
import { useDashboardOpen, TrainingProvider } from './training/context';
import { TrainingDashboard } from './training/Dashboard';
import type { PanelsShown } from '../store/session';

/** The frame's classes: which columns it has (layout.css sizes each). */
const appClass = (dashboard: boolean, panels: PanelsShown, presenting: boolean) =>
  ['tl-app', dashboard && 'tl-with-dashboard', presenting ? 'tl-presenting' : [!panels.left && 'tl-left-hidden', !panels.right && 'tl-right-hidden']]
    .flat()
    .filter(Boolean)
    .join(' ');

function Editor({ initialNotice, firstVisit }: { initialNotice: Notice | null; firstVisit: boolean }) {
  const stores = useStores();
  const analysis = useLiveAnalysis();
  const doc = useDoc();
  const { theme, scope, panels, presenting, dashboardWidth } = useSession();
  const [notice, setNotice] = useState<Notice | null>(initialNotice);
  const dashboardOpen = useDashboardOpen();
  const codeOpen = useCodeViewOpen();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  // the dashboard, a side panel or presentation mode takes or gives back canvas width: fit the graph
  // to what is left, once React Flow has measured the canvas again (its resize observer runs before
  // the next frame); not while the dashboard's edge is dragged (F fits afterwards)
  const layout = `${dashboardOpen} ${panels.left} ${panels.right} ${presenting}`;
  const lastLayout = useRef(layout);
  useEffect(() => {
    if (lastLayout.current === layout) return;
    lastLayout.current = layout;
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => stores.session.requestFit());
    });
    return () => cancelAnimationFrame(frame);
  }, [layout, stores]);
  // the open model went away (undo of "Add model", another document opened): back to the main graph
  useEffect(() => {
    if (scope.kind === 'model' && !(scope.modelId in doc.models)) stores.session.open({ kind: 'main' });
  }, [scope, doc.models, stores]);
  const showsLeft = panels.left && !presenting;
  const showsRight = panels.right && !presenting;
  return (
    <AnalysisContext.Provider value={analysis}>
      <ReactFlowProvider>
        <div
          className={appClass(dashboardOpen, panels, presenting)}
          style={dashboardWidth === null ? undefined : ({ '--dash-w': `${dashboardWidth}px` } as CSSProperties)}
          data-testid="app"
        >
          <TopBar onNotice={setNotice} firstVisit={firstVisit} />
          {showsLeft && (
            <div className="tl-left">
              <GraphSwitcher onNotice={setNotice} />
              <Palette />
            </div>
          )}
          <main className="tl-center">
            <Breadcrumb />
            <Canvas onNotice={setNotice} />
            {!presenting && <ProblemsPanel />}
            {codeOpen && !presenting && <CodePanel />}
          </main>
          <TrainingDashboard />
          {showsRight && <Inspector />}
        </div>
        {notice && <NoticeDialog notice={notice} onClose={() => setNotice(null)} />}
      </ReactFlowProvider>
    </AnalysisContext.Provider>
  );
}

export function App({ stores, initialNotice, firstVisit = false }: { stores: Stores; initialNotice: Notice | null; firstVisit?: boolean }) {
  return (
    <StoresContext.Provider value={stores}>
      <TrainingProvider>
        <Editor initialNotice={initialNotice} firstVisit={firstVisit} />
      </TrainingProvider>
    </StoresContext.Provider>
  );
}
