using System.Text.Json.Nodes;
using Skiff.Node.Expressions;

namespace Skiff.Node.Stages;

/// <summary>
/// One step of a simulated object's life, as data (in the spirit of kwok's Stage): which objects it selects, how long
/// after they match it waits (a delay plus a random jitter), and what follows: a status patch, the deletion of the
/// object, events. Variables are named expressions computed before everything else, for use by all three parts.
/// </summary>
public sealed class Stage
{
    public Stage(string name, string kind, IReadOnlyList<(string Name, Expression Value)> variables, IReadOnlyList<StageRequirement> selector,
        Expression? delay, Expression? jitter, Template? status, bool delete, Template? events)
    {
        Name = name;
        Kind = kind;
        Variables = variables;
        Selector = selector;
        Delay = delay;
        Jitter = jitter;
        Status = status;
        Delete = delete;
        Events = events;
    }

    public string Name { get; }

    /// <summary>The kind of object it applies to (resourceRef.kind), "Pod" for the pod lifecycle.</summary>
    public string Kind { get; }

    public IReadOnlyList<(string Name, Expression Value)> Variables { get; }

    public IReadOnlyList<StageRequirement> Selector { get; }

    /// <summary>Seconds to wait once the object matches (null: none); a negative result means "already due".</summary>
    public Expression? Delay { get; }

    /// <summary>Up to this many seconds more, chosen at random each time the stage is scheduled.</summary>
    public Expression? Jitter { get; }

    /// <summary>The new status, as a strategic merge patch of the status subresource.</summary>
    public Template? Status { get; }

    /// <summary>Whether the object is deleted (grace period 0, as the kubelet does once a pod's containers have stopped).</summary>
    public bool Delete { get; }

    /// <summary>A list of {type, reason, message} to record as events.</summary>
    public Template? Events { get; }

    /// <summary>Binds the stage's variables in order (later ones may use earlier ones).</summary>
    public void BindVariables(EvaluationContext context)
    {
        foreach (var (name, value) in Variables)
        {
            context.Bind(name, value.Evaluate(context));
        }
    }

    /// <summary>Whether every requirement holds; call <see cref="BindVariables"/> first.</summary>
    public bool Matches(EvaluationContext context)
    {
        foreach (var requirement in Selector)
        {
            if (!requirement.Matches(context))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The wait before applying: delay plus a jitter in [0, jitter), never negative.</summary>
    public TimeSpan DelayFor(EvaluationContext context, Random random)
    {
        var seconds = Values.Number(Delay?.Evaluate(context)) ?? 0;
        var jitter = Values.Number(Jitter?.Evaluate(context)) ?? 0;
        if (jitter > 0)
        {
            seconds += random.NextDouble() * jitter;
        }

        return seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
    }

    /// <summary>Renders what the stage does to the object in the context.</summary>
    public StageOutcome Apply(EvaluationContext context)
    {
        var patch = Status?.Render(context) is JsonObject status ? new JsonObject { ["status"] = status } : null;
        var events = new List<StageEvent>();
        if (Events?.Render(context) is JsonArray rendered)
        {
            foreach (var e in rendered.OfType<JsonObject>())
            {
                events.Add(new StageEvent(
                    Values.ToText(Values.FromJson(e["type"])) is { Length: > 0 } type ? type : "Normal",
                    Values.ToText(Values.FromJson(e["reason"])),
                    Values.ToText(Values.FromJson(e["message"]))));
            }
        }

        return new StageOutcome(this, patch, Delete, events);
    }
}
