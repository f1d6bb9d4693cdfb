using Skiff.Api.Resources;
using Skiff.Api.Tables;

namespace Skiff.Api.Tests.Tables;

public class ColumnDefinitionTests
{
    // "NAME:1" marks a wide (priority 1) column; names are the upper-cased headers kubectl prints.
    public static TheoryData<string, string, string> Expected => new()
    {
        { "", "pods", "NAME,READY,STATUS,RESTARTS,AGE,IP:1,NODE:1,NOMINATED NODE:1,READINESS GATES:1" },
        { "", "nodes", "NAME,STATUS,ROLES,AGE,VERSION,INTERNAL-IP:1,EXTERNAL-IP:1,OS-IMAGE:1,KERNEL-VERSION:1,CONTAINER-RUNTIME:1" },
        { "", "services", "NAME,TYPE,CLUSTER-IP,EXTERNAL-IP,PORT(S),AGE,SELECTOR:1" },
        { "", "endpoints", "NAME,ENDPOINTS,AGE" },
        { "", "configmaps", "NAME,DATA,AGE" },
        { "", "secrets", "NAME,TYPE,DATA,AGE" },
        { "", "events", "LAST SEEN,TYPE,REASON,OBJECT,SUBOBJECT:1,SOURCE:1,MESSAGE,FIRST SEEN:1,COUNT:1,NAME:1" },
        { "", "replicationcontrollers", "NAME,DESIRED,CURRENT,READY,AGE,CONTAINERS:1,IMAGES:1,SELECTOR:1" },
        { "", "persistentvolumeclaims", "NAME,STATUS,VOLUME,CAPACITY,ACCESS MODES,STORAGECLASS,VOLUMEATTRIBUTESCLASS,AGE,VOLUMEMODE:1" },
        { "", "persistentvolumes", "NAME,CAPACITY,ACCESS MODES,RECLAIM POLICY,STATUS,CLAIM,STORAGECLASS,VOLUMEATTRIBUTESCLASS,REASON,AGE,VOLUMEMODE:1" },
        { "", "serviceaccounts", "NAME,SECRETS,AGE" },
        { "", "namespaces", "NAME,STATUS,AGE" },
        { "apps", "deployments", "NAME,READY,UP-TO-DATE,AVAILABLE,AGE,CONTAINERS:1,IMAGES:1,SELECTOR:1" },
        { "apps", "replicasets", "NAME,DESIRED,CURRENT,READY,AGE,CONTAINERS:1,IMAGES:1,SELECTOR:1" },
        { "apps", "statefulsets", "NAME,READY,AGE,CONTAINERS:1,IMAGES:1" },
        { "apps", "controllerrevisions", "NAME,CONTROLLER,REVISION,AGE" },
        { "autoscaling", "horizontalpodautoscalers", "NAME,REFERENCE,TARGETS,MINPODS,MAXPODS,REPLICAS,AGE" },
        { "coordination.k8s.io", "leases", "NAME,HOLDER,AGE" },
        { "discovery.k8s.io", "endpointslices", "NAME,ADDRESSTYPE,PORTS,ENDPOINTS,AGE" },
        { "rbac.authorization.k8s.io", "roles", "NAME,CREATED AT" },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Columns_match_upstream_names_order_and_priority(string group, string plural, string expected)
    {
        var columns = TablePrinters.For(group, plural).Columns;
        var actual = string.Join(",", columns.Select(c => c.Name.ToUpperInvariant() + (c.Priority == 0 ? "" : ":" + c.Priority)));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void Exactly_one_column_is_the_name_column_and_every_column_is_described(string group, string plural, string expected)
    {
        _ = expected;
        var columns = TablePrinters.For(group, plural).Columns;
        var name = Assert.Single(columns, c => c.Format == "name");
        Assert.Equal("Name", name.Name);
        Assert.All(columns, c => Assert.False(string.IsNullOrWhiteSpace(c.Description)));
        Assert.All(columns, c => Assert.Contains(c.Type, new[] { "string", "integer", "date" }));
    }

    [Fact]
    public void Column_types_follow_upstream_where_kubectl_sorts_numerically()
    {
        var rs = TablePrinters.For("apps", "replicasets").Columns;
        Assert.Equal(["string", "integer", "integer", "integer", "string"], rs.Take(5).Select(c => c.Type));
        var defaults = TablePrinters.For("example.com", "widgets").Columns;
        Assert.Equal("date", defaults[1].Type);
        // Upstream's pod RESTARTS column is a string since it carries "(5m ago)".
        Assert.Equal("string", TablePrinters.For("", "pods").Columns[3].Type);
    }

    [Fact]
    public void Every_registered_resource_has_a_printer_that_fills_every_column_even_for_an_empty_object()
    {
        foreach (var resource in ResourceRegistry.CreateDefault().Resources)
        {
            Assert.True(TablePrinters.HasPrinter(resource.Group, resource.Plural), $"{resource.Group}/{resource.Plural}");
            var printer = TablePrinters.For(resource.Group, resource.Plural);
            var empty = Activator.CreateInstance(resource.ModelType)!;
            var cells = printer.Cells(empty, TableTestObjects.Now);
            Assert.Equal(printer.Columns.Count, cells.Length);
            Assert.All(cells, c => Assert.True(c is string or long, $"{resource.Plural}: {c?.GetType()}"));
        }
    }

    [Fact]
    public void Name_column_description_is_the_object_meta_doc()
    {
        var name = TablePrinters.For("", "pods").Columns[0];
        Assert.StartsWith("Name must be unique within a namespace.", name.Description, StringComparison.Ordinal);
        Assert.Equal(new TableColumnDefinition("Name", "string", "name", name.Description, 0), name);
    }
}
