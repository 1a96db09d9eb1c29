// An operator switches the tiering policy at a time ("tiering switched on at 10 s"): the new
// policy starts from its defaults plus the knobs given, over the pages where they are, keeping
// the process's node mask; the run's clock, pages and queues go on.
import { z } from 'zod';
import { LIMITS } from '../scenario/limits';
import { defineEvent } from './types';

/** The sysctls and sysfs knobs that turn each kernel policy on (the research ones have none upstream). */
const KNOBS: Record<string, string[]> = {
  'linux-no-tiering': ['echo 0 > /proc/sys/kernel/numa_balancing', 'echo 0 > /sys/kernel/mm/numa/demotion_enabled'],
  'linux-tiering': ['echo 2 > /proc/sys/kernel/numa_balancing   # NUMA_BALANCING_MEMORY_TIERING', 'echo 1 > /sys/kernel/mm/numa/demotion_enabled'],
  tpp: ['echo 2 > /proc/sys/kernel/numa_balancing   # TPP: promotion in the hint-fault path', 'echo 1 > /sys/kernel/mm/numa/demotion_enabled'],
  'weighted-interleave': ['echo <weight> > /sys/kernel/mm/mempolicy/weighted_interleave/node<N>', 'numactl --weighted-interleave=all <program>   # numactl 2.0.19+'],
  interleave: ['numactl --interleave=all <program>'],
  bind: ['numactl --membind=<nodes> <program>'],
  'first-touch': ['numactl --localalloc <program>'],
  damos: ['damo start --damos_action migrate_hot <node> --damos_action migrate_cold <node>   # DAMON-based tiering'],
};

export default defineEvent({
  kind: 'policy',
  label: 'Policy change',
  help: 'Switches the placement / tiering policy (with its knobs) at a time; pages stay where they are and the new policy takes over from there',
  params: z.object({
    policy: z.string().min(1).max(LIMITS.idLength),
    params: z.record(z.string().max(LIMITS.idLength), z.number().finite()).default({})
      .refine((p) => Object.keys(p).length <= LIMITS.policyParams, `at most ${LIMITS.policyParams} parameters`),
  }),
  targetKey: 'policy',
  // The registry's names and bounds are checked by src/scenario/validate.ts (policies are not imported here).
  check: () => [],
  apply: (ctx, ev) => ctx.switchPolicy(ev.policy, ev.params),
  linux: (ev) => KNOBS[ev.policy] ?? [`# ${ev.policy}: a research policy, no upstream knob (its paper's kernel patches or daemon)`],
});
