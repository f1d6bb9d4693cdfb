using Skiff.Scheduler.Framework;

namespace Skiff.Scheduler.Tests.Framework;

public sealed class FitErrorTests
{
    [Fact]
    public void CountsEachReasonOverTheNodesAndSortsTheLinesBytewise()
    {
        var diagnosis = new Diagnosis();
        diagnosis.NodeToStatus.Set("a", Status.Unschedulable("Insufficient cpu"));
        diagnosis.NodeToStatus.Set("b", Status.Unschedulable("Insufficient cpu", "Insufficient memory"));
        diagnosis.NodeToStatus.Set("c", Status.Unresolvable("node(s) had untolerated taint {dedicated: gpu}"));
        diagnosis.NodeToStatus.Set("d", Status.Unschedulable("Insufficient cpu"));
        diagnosis.PostFilterMessage = "preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.";

        var message = new FitError(4, diagnosis).Message;

        Assert.Equal("0/4 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {dedicated: gpu}, 3 Insufficient cpu. "
            + "preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.", message);
    }

    [Fact]
    public void NodesWithoutAnExplicitStatusCountWithTheAbsentNodesStatus()
    {
        var diagnosis = new Diagnosis();
        diagnosis.NodeToStatus.AbsentNodesStatus = Status.Unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]");
        diagnosis.NodeToStatus.Set("pinned", Status.Unschedulable("Insufficient memory"));

        Assert.Equal("0/5 nodes are available: 1 Insufficient memory, 4 node(s) didn't satisfy plugin(s) [NodeAffinity].", new FitError(5, diagnosis).Message);
    }

    [Fact]
    public void APreFilterRejectionIsStatedOnce()
    {
        var diagnosis = new Diagnosis { PreFilterMessage = "pod affinity terms conflict" };
        diagnosis.NodeToStatus.AbsentNodesStatus = Status.Unresolvable("pod affinity terms conflict");

        Assert.Equal("0/3 nodes are available: pod affinity terms conflict.", new FitError(3, diagnosis).Message);
    }
}
