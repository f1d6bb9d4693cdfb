using Microsoft.Extensions.Primitives;
using Skiff.ApiServer.Http;

namespace Skiff.ApiServer.Tests.Http;

/// <summary>The manager a write is recorded under, as upstream's managerOrUserAgent and options decoding.</summary>
public sealed class FieldManagerNameTests
{
    [Fact]
    public void Without_fieldManager_the_user_agent_prefix_is_used_and_may_be_empty()
    {
        Assert.Equal("kubectl", FieldManagerName.Resolve("POST", StringValues.Empty, "kubectl/v1.32.0 (linux/amd64)"));
        Assert.Equal("", FieldManagerName.Resolve("PUT", StringValues.Empty, StringValues.Empty));
        Assert.Equal("", FieldManagerName.Resolve("PATCH", StringValues.Empty, "\u0001\u200b/v1"));
        Assert.Null(FieldManagerName.Resolve("GET", "m", "kubectl/v1.32.0"));
    }

    [Fact]
    public void A_repeated_fieldManager_parameter_uses_its_first_value()
    {
        Assert.Equal("first", FieldManagerName.Resolve("PATCH", new StringValues(["first", "second"]), "kubectl/v1.32.0"));
        FieldManagerName.ValidatePatchOptions(apply: true, new StringValues(["first", "second"]), force: false);
        Assert.Throws<ApiException>(() => FieldManagerName.ValidatePatchOptions(apply: true, new StringValues(["", "second"]), force: false));
    }
}
