/** @module The realms view: one card per realm. */
import { useSignal } from '@preact/signals';
import { Show } from '@preact/signals/utils';
import { useEffect } from 'preact/hooks';
import type { RealmsModel } from '../models/realms.ts';
import { RealmCard } from './RealmCard.tsx';

/** Props of {@link RealmsView}. */
export interface RealmsViewProps {
  model: RealmsModel;
}

/** Every realm the token may see. */
export function RealmsView({ model }: RealmsViewProps) {
  const now = useSignal(Date.now());
  useEffect(() => {
    const timer = setInterval(() => (now.value = Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const realms = model.list.value;
  return (
    <div>
      <Show when={model.error}>{(error) => <p class='error' role='alert'>{error}</p>}</Show>
      {realms.length === 0 ? <p class='muted'>No realms yet.</p> : null}
      <div class='realm-grid'>
        {realms.map((realm) => <RealmCard key={realm.id} realm={realm} now={now} />)}
      </div>
    </div>
  );
}
