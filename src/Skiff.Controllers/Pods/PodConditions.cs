using k8s.Models;

namespace Skiff.Controllers.Pods;

/// <summary>Upstream's UpdatePodCondition: sets one condition of a pod's status, moving its transition time only when its status changes.</summary>
public static class PodConditions
{
    /// <summary>
    /// Puts <paramref name="condition"/> into <paramref name="status"/> (replacing the one of its type) and returns
    /// whether anything changed, i.e. whether the status must be written.
    /// </summary>
    public static bool Set(V1PodStatus status, V1PodCondition condition, DateTime now)
    {
        var conditions = status.Conditions ?? [];
        status.Conditions = conditions;
        var index = -1;
        for (var i = 0; i < conditions.Count; i++)
        {
            if (conditions[i].Type == condition.Type)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            condition.LastTransitionTime = now;
            conditions.Add(condition);
            return true;
        }

        var old = conditions[index];
        condition.LastTransitionTime = condition.Status == old.Status ? old.LastTransitionTime : now;
        var same = condition.Status == old.Status && condition.Reason == old.Reason && condition.Message == old.Message &&
            condition.LastProbeTime == old.LastProbeTime && condition.LastTransitionTime == old.LastTransitionTime;
        conditions[index] = condition;
        return !same;
    }
}
