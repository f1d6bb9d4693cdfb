namespace Skiff.Scheduler.Framework;

/// <summary>A plugin that can reject pods declares the cluster events after which a pod it rejected is worth retrying.</summary>
public interface IEnqueueExtensions : IPlugin
{
    IReadOnlyList<ClusterEvent> EventsToRegister();
}
