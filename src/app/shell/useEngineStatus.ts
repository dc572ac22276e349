// The bridge's state for the shell; while a crashed worker restarts, the last ready status keeps the views mounted.
import { useState, useSyncExternalStore } from 'react';
import type { BridgeState, EngineBridge } from '../../bridge/bridge';
import type { EngineStatus } from '../../bridge/engineApi';

export function useEngineStatus(bridge: EngineBridge): { bridgeState: BridgeState; engineStatus: EngineStatus | null; restarting: boolean } {
  const bridgeState = useSyncExternalStore(bridge.subscribe, bridge.getState);
  // While a crashed worker restarts, keep the views (and their state) on the last status instead of unmounting them.
  const [lastReadyStatus, setLastReadyStatus] = useState<EngineStatus | null>(null);
  if (bridgeState.phase === 'ready' && bridgeState.status !== lastReadyStatus) setLastReadyStatus(bridgeState.status);
  const restarting = bridgeState.phase === 'loading' && bridgeState.restarts > 0;
  const engineStatus: EngineStatus | null = bridgeState.phase === 'ready' ? bridgeState.status : restarting ? lastReadyStatus : null;
  return { bridgeState, engineStatus, restarting };
}
