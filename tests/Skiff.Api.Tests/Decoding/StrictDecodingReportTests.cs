using Skiff.Api.Decoding;

namespace Skiff.Api.Tests.Decoding;

public class StrictDecodingReportTests
{
    [Fact]
    public void Errors_join_after_upstreams_heading_and_yaml_lines_become_one_warning_each()
    {
        var report = new StrictDecodingReport()
            .AddYaml(["line 3: key \"a\" already set in map", "line 5: key \"b\" already set in map"])
            .Add([new StrictFieldError(StrictFieldErrorKind.Unknown, "spec.foo"), new StrictFieldError(StrictFieldErrorKind.Duplicate, "metadata.name")]);

        Assert.Equal(
            "strict decoding error: yaml: unmarshal errors:\n  line 3: key \"a\" already set in map\n  line 5: key \"b\" already set in map, unknown field \"spec.foo\", duplicate field \"metadata.name\"",
            report.ErrorText);
        Assert.Equal(
            ["line 3: key \"a\" already set in map", "line 5: key \"b\" already set in map", "unknown field \"spec.foo\"", "duplicate field \"metadata.name\""],
            report.Warnings);
    }

    [Fact]
    public void Json_patch_problems_carry_upstreams_prefix()
    {
        var report = new StrictDecodingReport().Add([new StrictFieldError(StrictFieldErrorKind.Unknown, "[0].foo")], "json patch ");
        Assert.Equal("strict decoding error: json patch unknown field \"[0].foo\"", report.ErrorText);
        Assert.False(report.IsEmpty);
        Assert.True(new StrictDecodingReport().AddYaml([]).IsEmpty);
    }
}
