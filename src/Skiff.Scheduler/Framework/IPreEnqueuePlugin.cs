using Skiff.Scheduler.Cache;

namespace Skiff.Scheduler.Framework;

/// <summary>Decides whether a pod may enter the active queue at all (e.g. scheduling gates); a rejection parks it.</summary>
public interface IPreEnqueuePlugin : IPlugin
{
    Status PreEnqueue(PodInfo pod);
}
