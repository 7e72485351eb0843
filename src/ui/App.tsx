// The editor's layout: top bar; graphs and palette on the left; the canvas with its breadcrumb and
// the problems panel in the middle; the inspector on the right.
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
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

function Editor({ initialNotice, firstVisit }: { initialNotice: Notice | null; firstVisit: boolean }) {
  const stores = useStores();
  const analysis = useLiveAnalysis();
  const doc = useDoc();
  const { theme, scope } = useSession();
  const [notice, setNotice] = useState<Notice | null>(initialNotice);
  const dashboardOpen = useDashboardOpen();
  const codeOpen = useCodeViewOpen();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  // the dashboard takes or gives back half the canvas's width: fit the graph to what is left, once
  // React Flow has measured the canvas again (its resize observer runs before the next frame)
  const dashboardWasOpen = useRef(dashboardOpen);
  useEffect(() => {
    if (dashboardWasOpen.current === dashboardOpen) return;
    dashboardWasOpen.current = dashboardOpen;
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => stores.session.requestFit());
    });
    return () => cancelAnimationFrame(frame);
  }, [dashboardOpen, stores]);
  // the open model went away (undo of "Add model", another document opened): back to the main graph
  useEffect(() => {
    if (scope.kind === 'model' && !(scope.modelId in doc.models)) stores.session.open({ kind: 'main' });
  }, [scope, doc.models, stores]);
  return (
    <AnalysisContext.Provider value={analysis}>
      <ReactFlowProvider>
        <div className={`tl-app${dashboardOpen ? ' tl-with-dashboard' : ''}`}>
          <TopBar onNotice={setNotice} firstVisit={firstVisit} />
          <div className="tl-left">
            <GraphSwitcher onNotice={setNotice} />
            <Palette />
          </div>
          <main className="tl-center">
            <Breadcrumb />
            <Canvas onNotice={setNotice} />
            <ProblemsPanel />
            {codeOpen && <CodePanel />}
          </main>
          <TrainingDashboard />
          <Inspector />
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
