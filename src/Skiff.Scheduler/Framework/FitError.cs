using System.Globalization;

namespace Skiff.Scheduler.Framework;

/// <summary>
/// No node fits the pod. <see cref="Message"/> is upstream's FitError text (kube-scheduler 1.32), which users read in
/// the FailedScheduling event and the PodScheduled condition.
/// </summary>
public sealed class FitError(int numAllNodes, Diagnosis diagnosis)
{
    public const string NoNodeAvailableFormat = "0/{0} nodes are available";

    public int NumAllNodes { get; } = numAllNodes;

    public Diagnosis Diagnosis { get; } = diagnosis;

    /// <summary>
    /// "0/N nodes are available: &lt;PreFilter message&gt;. &lt;reason histogram&gt;. &lt;PostFilter message&gt;". The histogram
    /// counts every reason over the nodes ("3 Insufficient cpu"), nodes without an explicit status counting with
    /// the absent-nodes status, and sorts the "count reason" strings bytewise as Go's sort.Strings does.
    /// Example: nodes a and b rejected with "Insufficient cpu", node c with "Insufficient cpu" and "Insufficient
    /// memory", preemption finding no victims: "0/3 nodes are available: 1 Insufficient memory, 3 Insufficient cpu.
    /// preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod." ("1 ..." sorts before
    /// "3 ..." because the count comes first.)
    /// </summary>
    public string Message
    {
        get
        {
            var message = string.Format(CultureInfo.InvariantCulture, NoNodeAvailableFormat + ":", NumAllNodes);
            if (Diagnosis.PreFilterMessage.Length > 0)
            {
                // Every node carries the PreFilter rejection: listing it per node would repeat it N times.
                message += $" {Diagnosis.PreFilterMessage}.";
            }
            else
            {
                var histogram = Histogram();
                if (histogram.Count > 0)
                {
                    message += $" {string.Join(", ", histogram)}.";
                }
            }

            if (Diagnosis.PostFilterMessage.Length > 0)
            {
                message += $" {Diagnosis.PostFilterMessage}";
            }

            return message;
        }
    }

    private List<string> Histogram()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, status) in Diagnosis.NodeToStatus.Explicit)
        {
            foreach (var reason in status.Reasons)
            {
                counts[reason] = counts.GetValueOrDefault(reason) + 1;
            }
        }

        var absent = NumAllNodes - Diagnosis.NodeToStatus.Count;
        if (absent > 0)
        {
            foreach (var reason in Diagnosis.NodeToStatus.AbsentNodesStatus.Reasons)
            {
                counts[reason] = counts.GetValueOrDefault(reason) + absent;
            }
        }

        var lines = counts.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Value} {pair.Key}")).ToList();
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
