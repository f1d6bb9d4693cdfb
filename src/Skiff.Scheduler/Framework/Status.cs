namespace Skiff.Scheduler.Framework;

/// <summary>
/// What a plugin answers instead of throwing: a code and the reasons shown to users (each reason is counted per node
/// in the "0/3 nodes are available: ..." message). Statuses are immutable, so plugins keep their common rejections as
/// static instances and a filter run over thousands of nodes allocates nothing.
/// </summary>
public sealed class Status
{
    private Status(StatusCode code, IReadOnlyList<string> reasons)
    {
        Code = code;
        Reasons = reasons;
    }

    public static Status Success { get; } = new(StatusCode.Success, []);

    public static Status Skip { get; } = new(StatusCode.Skip, []);

    public StatusCode Code { get; }

    public IReadOnlyList<string> Reasons { get; }

    public bool IsSuccess => Code == StatusCode.Success;

    /// <summary>Unschedulable, UnschedulableAndUnresolvable or Pending: a verdict about the pod rather than a failure.</summary>
    public bool IsRejected => Code is StatusCode.Unschedulable or StatusCode.UnschedulableAndUnresolvable or StatusCode.Pending;

    /// <summary>The reasons joined with ", ", as upstream's Status.Message().</summary>
    public string Message => string.Join(", ", Reasons);

    public static Status Unschedulable(params string[] reasons) => new(StatusCode.Unschedulable, reasons);

    public static Status Unresolvable(params string[] reasons) => new(StatusCode.UnschedulableAndUnresolvable, reasons);

    public static Status Pending(params string[] reasons) => new(StatusCode.Pending, reasons);

    public static Status Error(string message) => new(StatusCode.Error, [message]);

    public static Status Of(StatusCode code, params string[] reasons) => code == StatusCode.Success && reasons.Length == 0 ? Success : new(code, reasons);

    public override string ToString() => Reasons.Count == 0 ? Code.ToString() : $"{Code}: {Message}";
}
