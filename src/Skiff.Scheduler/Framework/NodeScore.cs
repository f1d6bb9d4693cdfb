namespace Skiff.Scheduler.Framework;

/// <summary>One node's score from one plugin.</summary>
public struct NodeScore(string name, long score)
{
    public string Name { get; } = name;

    public long Score { get; set; } = score;
}
