using System.Collections.Frozen;

namespace Skiff.Api.Tables;

/// <summary>Finds the printer for a served resource, as upstream's storage wires printers.go handlers into each REST store.</summary>
public static class TablePrinters
{
    private static readonly FrozenDictionary<(string Group, string Plural), ITablePrinter> ByResource =
        new Dictionary<(string Group, string Plural), ITablePrinter>
        {
            [("", "pods")] = PodTable.Printer,
            [("", "nodes")] = NodeTable.Printer,
            [("", "services")] = ServiceTable.Printer,
            [("", "endpoints")] = EndpointsTable.Printer,
            [("", "configmaps")] = ConfigMapTable.Printer,
            [("", "secrets")] = SecretTable.Printer,
            [("", "events")] = EventTable.Printer,
            [("", "replicationcontrollers")] = ReplicationControllerTable.Printer,
            [("", "persistentvolumeclaims")] = PersistentVolumeClaimTable.Printer,
            [("", "persistentvolumes")] = PersistentVolumeTable.Printer,
            [("", "serviceaccounts")] = ServiceAccountTable.Printer,
            [("", "namespaces")] = NamespaceTable.Printer,
            [("apps", "deployments")] = DeploymentTable.Printer,
            [("apps", "replicasets")] = ReplicaSetTable.Printer,
            [("apps", "statefulsets")] = StatefulSetTable.Printer,
            [("apps", "controllerrevisions")] = ControllerRevisionTable.Printer,
            [("autoscaling", "horizontalpodautoscalers")] = HorizontalPodAutoscalerTable.Printer,
            [("coordination.k8s.io", "leases")] = LeaseTable.Printer,
            [("discovery.k8s.io", "endpointslices")] = EndpointSliceTable.Printer,
        }.ToFrozenDictionary();

    /// <summary>The printer for a resource (group "" is core); resources without one get the default NAME / Created At table.</summary>
    public static ITablePrinter For(string group, string plural) =>
        ByResource.GetValueOrDefault((group ?? "", plural ?? ""), DefaultTablePrinter.Printer);

    /// <summary>Whether the resource has its own printer (otherwise <see cref="For"/> returns the default one).</summary>
    public static bool HasPrinter(string group, string plural) => ByResource.ContainsKey((group ?? "", plural ?? ""));
}
