using k8s.Models;
using static Skiff.Api.Tests.Tables.TableTestObjects;

namespace Skiff.Api.Tests.Tables;

public class PodCellsTests
{
    private static V1Pod Pod(string phase, IList<V1ContainerStatus>? statuses = null, int containers = 1) => new()
    {
        Metadata = Meta("web"),
        Spec = new V1PodSpec
        {
            NodeName = "node-1",
            Containers = [.. Enumerable.Range(0, containers).Select(i => new V1Container { Name = $"c{i}", Image = "nginx" })],
        },
        Status = new V1PodStatus { Phase = phase, ContainerStatuses = statuses, PodIPs = [new V1PodIP { Ip = "10.0.0.5" }] },
    };

    private static V1ContainerStatus Running(string name, bool ready = true, int restarts = 0) => new()
    {
        Name = name, Ready = ready, RestartCount = restarts, Image = "nginx", ImageID = "",
        State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = Now.AddMinutes(-4) } },
    };

    private static V1ContainerStatus Waiting(string name, string reason, int restarts = 0) => new()
    {
        Name = name, RestartCount = restarts, Image = "nginx", ImageID = "",
        State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason } },
    };

    private static V1ContainerStatus Terminated(string name, int exitCode, string? reason = null, int? signal = null) => new()
    {
        Name = name, Image = "nginx", ImageID = "",
        State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode, Reason = reason, Signal = signal } },
    };

    private static object?[] Cells(V1Pod pod) => Print("", "pods", pod);

    [Fact]
    public void Running_pod_prints_ready_count_status_and_wide_columns()
    {
        var pod = Pod("Running", [Running("c0"), Running("c1")], containers: 2);
        Assert.Equal(["web", "2/2", "Running", "0", "5m", "10.0.0.5", "node-1", "<none>", "<none>"], Cells(pod));
    }

    [Fact]
    public void Pending_pod_without_statuses_prints_none_for_missing_ip_and_node()
    {
        var pod = new V1Pod
        {
            Metadata = Meta("web", TimeSpan.FromSeconds(3)),
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c0" }] },
            Status = new V1PodStatus { Phase = "Pending" },
        };
        Assert.Equal(["web", "0/1", "Pending", "0", "3s", "<none>", "<none>", "<none>", "<none>"], Cells(pod));
    }

    [Fact]
    public void CrashLoopBackOff_shows_restarts_with_the_time_since_the_last_one()
    {
        var status = Waiting("c0", "CrashLoopBackOff", restarts: 4);
        status.LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1, Reason = "Error", FinishedAt = Now.AddMinutes(-2) } };
        var cells = Cells(Pod("Running", [status]));
        Assert.Equal("0/1", cells[1]);
        Assert.Equal("CrashLoopBackOff", cells[2]);
        Assert.Equal("4 (2m ago)", cells[3]);
    }

    [Fact]
    public void Deleted_running_pod_is_Terminating_but_a_finished_one_keeps_its_phase()
    {
        var running = Pod("Running", [Running("c0")]);
        running.Metadata.DeletionTimestamp = Now;
        Assert.Equal("Terminating", Cells(running)[2]);

        var succeeded = Pod("Succeeded", [Terminated("c0", 0, "Completed")]);
        succeeded.Metadata.DeletionTimestamp = Now;
        Assert.Equal("Completed", Cells(succeeded)[2]);
    }

    [Fact]
    public void Deleted_pod_on_a_lost_node_is_Unknown()
    {
        var pod = Pod("Running", [Running("c0")]);
        pod.Status.Reason = "NodeLost";
        pod.Metadata.DeletionTimestamp = Now;
        Assert.Equal("Unknown", Cells(pod)[2]);
    }

    [Fact]
    public void Completed_pod_prints_the_container_reason()
    {
        var cells = Cells(Pod("Succeeded", [Terminated("c0", 0, "Completed")]));
        Assert.Equal(["0/1", "Completed", "0"], cells[1..4]);
    }

    [Fact]
    public void Terminated_container_without_reason_prints_signal_or_exit_code()
    {
        Assert.Equal("Signal:9", Cells(Pod("Failed", [Terminated("c0", 137, signal: 9)]))[2]);
        Assert.Equal("ExitCode:3", Cells(Pod("Failed", [Terminated("c0", 3)]))[2]);
    }

    [Fact]
    public void First_container_with_a_reason_wins_because_statuses_are_scanned_last_to_first()
    {
        var pod = Pod("Pending", [Waiting("c0", "ImagePullBackOff"), Waiting("c1", "ContainerCreating")], containers: 2);
        Assert.Equal("ImagePullBackOff", Cells(pod)[2]);
    }

    [Fact]
    public void Completed_container_next_to_a_running_one_is_Running_or_NotReady_by_the_Ready_condition()
    {
        var pod = Pod("Running", [Terminated("c0", 0, "Completed"), Running("c1")], containers: 2);
        Assert.Equal(["1/2", "NotReady"], Cells(pod)[1..3]);

        pod.Status.Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }];
        Assert.Equal(["1/2", "Running"], Cells(pod)[1..3]);
    }

    [Fact]
    public void Scheduling_gated_pod_says_so()
    {
        var pod = Pod("Pending");
        pod.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "SchedulingGated" }];
        Assert.Equal("SchedulingGated", Cells(pod)[2]);
    }

    [Fact]
    public void Init_containers_print_progress_reasons_and_failures()
    {
        static V1Pod WithInit(params V1ContainerStatus[] initStatuses)
        {
            var pod = Pod("Pending", [Waiting("c0", "PodInitializing")]);
            pod.Spec.InitContainers = [new V1Container { Name = "init-0" }, new V1Container { Name = "init-1" }];
            pod.Status.InitContainerStatuses = initStatuses;
            return pod;
        }

        Assert.Equal("Init:1/2", Cells(WithInit(Terminated("init-0", 0, "Completed"), Running("init-1", ready: false)))[2]);
        Assert.Equal("Init:0/2", Cells(WithInit(Waiting("init-0", "PodInitializing")))[2]);
        Assert.Equal("Init:ErrImagePull", Cells(WithInit(Waiting("init-0", "ErrImagePull")))[2]);
        Assert.Equal("Init:Error", Cells(WithInit(Terminated("init-0", 1, "Error")))[2]);
        Assert.Equal("Init:ExitCode:2", Cells(WithInit(Terminated("init-0", 2)))[2]);
        Assert.Equal("Init:Signal:15", Cells(WithInit(Terminated("init-0", 143, signal: 15)))[2]);
    }

    [Fact]
    public void Init_restarts_count_while_initializing()
    {
        var failing = Terminated("init-0", 1, "Error");
        failing.RestartCount = 3;
        var pod = Pod("Pending", [Waiting("c0", "PodInitializing")]);
        pod.Spec.InitContainers = [new V1Container { Name = "init-0" }];
        pod.Status.InitContainerStatuses = [failing];
        Assert.Equal(["0/1", "Init:Error", "3"], Cells(pod)[1..4]);
    }

    [Fact]
    public void Started_sidecar_init_container_counts_toward_ready_and_total()
    {
        var pod = Pod("Running", [Running("c0")]);
        pod.Spec.InitContainers = [new V1Container { Name = "proxy", RestartPolicy = "Always" }];
        var sidecar = Running("proxy", restarts: 1);
        sidecar.Started = true;
        sidecar.LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1, FinishedAt = Now.AddMinutes(-30) } };
        pod.Status.InitContainerStatuses = [sidecar];
        pod.Status.Conditions = [new V1PodCondition { Type = "Initialized", Status = "True" }];
        Assert.Equal(["2/2", "Running", "1 (30m ago)"], Cells(pod)[1..4]);
    }

    [Fact]
    public void Readiness_gates_count_true_conditions()
    {
        var pod = Pod("Running", [Running("c0")]);
        pod.Spec.ReadinessGates = [new V1PodReadinessGate { ConditionType = "example.com/a" }, new V1PodReadinessGate { ConditionType = "example.com/b" }];
        pod.Status.Conditions = [new V1PodCondition { Type = "example.com/a", Status = "True" }, new V1PodCondition { Type = "example.com/b", Status = "False" }];
        pod.Status.NominatedNodeName = "node-2";
        Assert.Equal(["node-2", "1/2"], Cells(pod)[7..9]);
    }

    [Fact]
    public void Pod_given_as_json_prints_the_same()
    {
        var pod = Pod("Running", [Running("c0")]);
        var json = System.Text.Json.Nodes.JsonNode.Parse(k8s.KubernetesJson.Serialize(pod))!;
        Assert.Equal(Cells(pod), Print("", "pods", json));
    }
}
