using Skiff.Api.Syntax;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>Upstream's probe and lifecycle hook rules (validateLivenessProbe, validateReadinessProbe, validateStartupProbe, validateLifecycle).</summary>
internal static class ProbeValidation
{
    private static readonly string[] ProbeSchemes = ["HTTP", "HTTPS"];

    /// <summary>The three probes of a container (or a sidecar init container), in upstream's order.</summary>
    public static void ValidateProbes(V1Container container, long? gracePeriod, string containerPath, List<FieldError> errors)
    {
        if (container.Lifecycle is { } lifecycle)
        {
            ValidateLifecycle(lifecycle, gracePeriod, FieldPath.Child(containerPath, "lifecycle"), errors);
        }
        ValidateProbe(container.LivenessProbe, FieldPath.Child(containerPath, "livenessProbe"), mustSucceedOnce: true, errors);
        ValidateProbe(container.ReadinessProbe, FieldPath.Child(containerPath, "readinessProbe"), mustSucceedOnce: false, errors);
        ValidateProbe(container.StartupProbe, FieldPath.Child(containerPath, "startupProbe"), mustSucceedOnce: true, errors);
    }

    /// <summary>Liveness and startup probes must succeed once (successThreshold 1); readiness probes take no grace period.</summary>
    private static void ValidateProbe(V1Probe? probe, string path, bool mustSucceedOnce, List<FieldError> errors)
    {
        if (probe is null)
        {
            return;
        }
        ValidateHandler(probe.Exec, probe.HttpGet, probe.TcpSocket, probe.Grpc, sleep: null, gracePeriod: null, path, errors);
        ObjectMetaValidation.ValidateNonNegative(probe.InitialDelaySeconds ?? 0, FieldPath.Child(path, "initialDelaySeconds"), errors);
        ObjectMetaValidation.ValidateNonNegative(probe.TimeoutSeconds ?? 0, FieldPath.Child(path, "timeoutSeconds"), errors);
        ObjectMetaValidation.ValidateNonNegative(probe.PeriodSeconds ?? 0, FieldPath.Child(path, "periodSeconds"), errors);
        ObjectMetaValidation.ValidateNonNegative(probe.SuccessThreshold ?? 0, FieldPath.Child(path, "successThreshold"), errors);
        ObjectMetaValidation.ValidateNonNegative(probe.FailureThreshold ?? 0, FieldPath.Child(path, "failureThreshold"), errors);
        if (probe.TerminationGracePeriodSeconds is { } grace && grace <= 0)
        {
            errors.Add(FieldErrors.Invalid(FieldPath.Child(path, "terminationGracePeriodSeconds"), grace, "must be greater than 0"));
        }
        if (mustSucceedOnce && (probe.SuccessThreshold ?? 0) != 1)
        {
            errors.Add(FieldErrors.Invalid(FieldPath.Child(path, "successThreshold"), probe.SuccessThreshold ?? 0, "must be 1"));
        }
        if (!mustSucceedOnce && probe.TerminationGracePeriodSeconds is { } readinessGrace)
        {
            errors.Add(FieldErrors.Invalid(FieldPath.Child(path, "terminationGracePeriodSeconds"), readinessGrace, "must not be set for readinessProbes"));
        }
    }

    private static void ValidateLifecycle(V1Lifecycle lifecycle, long? gracePeriod, string path, List<FieldError> errors)
    {
        if (lifecycle.PostStart is { } postStart)
        {
            ValidateHandler(postStart.Exec, postStart.HttpGet, postStart.TcpSocket, grpc: null, postStart.Sleep, gracePeriod, FieldPath.Child(path, "postStart"), errors);
        }
        if (lifecycle.PreStop is { } preStop)
        {
            ValidateHandler(preStop.Exec, preStop.HttpGet, preStop.TcpSocket, grpc: null, preStop.Sleep, gracePeriod, FieldPath.Child(path, "preStop"), errors);
        }
    }

    /// <summary>validateHandler: exactly one handler; the later ones are each reported as forbidden.</summary>
    private static void ValidateHandler(V1ExecAction? exec, V1HTTPGetAction? httpGet, V1TCPSocketAction? tcpSocket, V1GRPCAction? grpc, V1SleepAction? sleep,
        long? gracePeriod, string path, List<FieldError> errors)
    {
        var handlers = 0;
        bool First(object? handler, string name)
        {
            if (handler is null)
            {
                return false;
            }
            if (handlers > 0)
            {
                errors.Add(FieldErrors.Forbidden(FieldPath.Child(path, name), "may not specify more than 1 handler type"));
                return false;
            }
            handlers++;
            return true;
        }

        if (First(exec, "exec") && exec!.Command is not { Count: > 0 })
        {
            errors.Add(FieldErrors.Required(FieldPath.Child(path, "exec.command")));
        }
        if (First(httpGet, "httpGet"))
        {
            var httpPath = FieldPath.Child(path, "httpGet");
            if (string.IsNullOrEmpty(httpGet!.Path))
            {
                errors.Add(FieldErrors.Required(FieldPath.Child(httpPath, "path")));
            }
            ValidatePortNumberOrName(httpGet.Port, FieldPath.Child(httpPath, "port"), errors);
            if (!ProbeSchemes.Contains(httpGet.Scheme ?? ""))
            {
                errors.Add(FieldErrors.NotSupported(FieldPath.Child(httpPath, "scheme"), GoQuote.Quote(httpGet.Scheme ?? ""), ProbeSchemes));
            }
        }
        if (First(tcpSocket, "tcpSocket"))
        {
            ValidatePortNumberOrName(tcpSocket!.Port, FieldPath.Child(path, "tcpSocket.port"), errors);
        }
        if (First(grpc, "grpc"))
        {
            errors.AddRange(NameValidation.IsValidPortNumber(grpc!.Port).Select(m => FieldErrors.Invalid(FieldPath.Child(path, "grpc.port"), grpc.Port, m)));
        }
        if (First(sleep, "sleep") && gracePeriod is { } grace && (sleep!.Seconds <= 0 || sleep.Seconds > grace))
        {
            // PodLifecycleSleepActionAllowZero is alpha (off) in 1.32.
            errors.Add(FieldErrors.Invalid(FieldPath.Child(path, "sleep"), sleep.Seconds,
                $"must be greater than 0 and less than terminationGracePeriodSeconds ({grace}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."));
        }
        if (handlers == 0)
        {
            errors.Add(FieldErrors.Required(path, "must specify a handler type"));
        }
    }

    public static void ValidatePortNumberOrName(IntOrString? port, string path, List<FieldError> errors)
    {
        if (IntOrStringValue.TryGetInt(port, out var number))
        {
            errors.AddRange(NameValidation.IsValidPortNumber(number).Select(m => FieldErrors.Invalid(path, number, m)));
        }
        else
        {
            var name = port?.Value ?? "";
            errors.AddRange(NameValidation.IsValidPortName(name).Select(m => FieldErrors.InvalidString(path, name, m)));
        }
    }
}
