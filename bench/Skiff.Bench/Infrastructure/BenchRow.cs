namespace Skiff.Bench.Infrastructure;

/// <summary>One line of the result table: a figure, its measured value, the target (if any) and whether it is met.</summary>
public sealed record BenchRow(string Figure, string Value, string Target = "", bool? Met = null)
{
    public string Verdict => Met switch
    {
        true => "yes",
        false => "**no**",
        null => "",
    };
}
