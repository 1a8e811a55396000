import * as pulumi from "@pulumi/pulumi";
import * as eci from "@eci/pulumi";

const config = new pulumi.Config();
const image = config.get("image") ?? "busybox:1.36";
// The job's input, one order a line: `region,cents`. Blank lines and `#` comments are skipped.
const orders = config.get("orders") ?? "# region,cents\nNorth,1250\nsouth,830\nnorth,4000\n\neast,199\nsouth,1700\n";

// A job, not a service: the containers run once (`restartPolicy: "Never"`) and `up` waits until every
// work container has completed (`waitFor: "succeeded"`). If one fails, `up` fails with its exit code,
// its reason and the last lines of its log, and the failed job stays in the stack for a look.
const job = new eci.ContainerGroup("report", {
  description: "Totals the orders of each region",
  restartPolicy: "Never",
  waitFor: "succeeded",
  // The init container hands the prepared orders to the work container in the group's shared memory.
  shmSizeMB: 16,
  volumes: [{ name: "input", configFile: { files: [{ path: "orders.csv", content: orders }] } }],
  containers: [
    {
      name: "prepare",
      type: "init",
      image,
      volumeMounts: [{ volume: "input", mountPath: "/input", readOnly: true }],
      command: ["sh", "-c", "grep -v -e '^#' -e '^$' /input/orders.csv | tr A-Z a-z > /dev/shm/orders; echo \"prepared $(wc -l < /dev/shm/orders) orders\""],
    },
    {
      name: "report",
      image,
      command: [
        "awk",
        "-F,",
        [
          'NF != 2 || $2 !~ /^[0-9]+$/ { printf "order \\"%s\\" is not region,cents\\n", $0 > "/dev/stderr"; failed = 1; exit 2 }',
          "{ cents[$1] += $2; all += $2 }",
          'END { if (failed) exit 2; for (r in cents) printf "%s %.2f\\n", r, cents[r] / 100 | "sort"; close("sort"); printf "total %.2f\\n", all / 100 }',
        ].join("\n"),
        "/dev/shm/orders",
      ],
      cpu: 0.25,
      memory: 0.5,
    },
  ],
});

export const jobId = job.id;
export const status = job.status;
export const exitCodes = job.containers.apply((containers) => Object.fromEntries(containers.map((c) => [c.name, c.exitCode])));
// 0 once the job has finished: billing stops when it succeeds (`eci billing` shows what the run cost).
export const hourlyCost = eci.hourlyCost(job);
