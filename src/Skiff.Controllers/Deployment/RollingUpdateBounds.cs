using System.Globalization;
using k8s.Models;

namespace Skiff.Controllers.Deployment;

/// <summary>
/// Upstream's ResolveFenceposts, MaxSurge and MaxUnavailable: a rolling update's maxSurge and maxUnavailable as
/// pod counts for the deployment's current replicas.
/// </summary>
public static class RollingUpdateBounds
{
    public const string RollingUpdate = "RollingUpdate";
    public const string Recreate = "Recreate";

    public static bool IsRollingUpdate(V1Deployment d) => d.Spec?.Strategy?.Type == RollingUpdate;

    /// <summary>
    /// Both bounds for <paramref name="desired"/> replicas: maxSurge rounds a percentage up, maxUnavailable rounds it
    /// down. If both come out 0 (validation forbids both being 0, but rounding down can make maxUnavailable 0),
    /// maxUnavailable becomes 1, on upstream's theory that surging may be blocked by a quota.
    /// </summary>
    /// <example>
    /// 10 replicas, 25%/25%: surge ceil(2.5) = 3, unavailable floor(2.5) = 2.
    /// 1 replica, 0/1%: surge 0, unavailable floor(0.01) = 0, so unavailable becomes 1.
    /// </example>
    public static (int MaxSurge, int MaxUnavailable) Resolve(IntOrString? maxSurge, IntOrString? maxUnavailable, int desired)
    {
        var surge = Scaled(maxSurge, desired, roundUp: true);
        var unavailable = Scaled(maxUnavailable, desired, roundUp: false);
        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }

        return (surge, unavailable);
    }

    /// <summary>How many pods above spec.replicas a rolling update may run (0 for Recreate).</summary>
    public static int MaxSurge(V1Deployment d)
    {
        if (!IsRollingUpdate(d))
        {
            return 0;
        }

        var rolling = d.Spec.Strategy.RollingUpdate;
        return Resolve(rolling?.MaxSurge, rolling?.MaxUnavailable, Replicas(d)).MaxSurge;
    }

    /// <summary>How many of spec.replicas may be unavailable during a rolling update, at most spec.replicas (0 for Recreate).</summary>
    public static int MaxUnavailable(V1Deployment d)
    {
        var replicas = Replicas(d);
        if (!IsRollingUpdate(d) || replicas == 0)
        {
            return 0;
        }

        var rolling = d.Spec.Strategy.RollingUpdate;
        return Math.Min(Resolve(rolling?.MaxSurge, rolling?.MaxUnavailable, replicas).MaxUnavailable, replicas);
    }

    public static int Replicas(V1Deployment d) => d.Spec?.Replicas ?? 1;

    /// <summary>
    /// Upstream's GetScaledValueFromIntOrPercent: an int is itself, "N%" is N% of <paramref name="total"/> rounded
    /// as asked; unset is 0 (validation keeps malformed values out, so they count as 0 too).
    /// </summary>
    public static int Scaled(IntOrString? value, int total, bool roundUp)
    {
        var text = value?.Value;
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        if (text.EndsWith('%') && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            var exact = (double)percent * total / 100;
            return (int)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
        }

        return 0;
    }
}
