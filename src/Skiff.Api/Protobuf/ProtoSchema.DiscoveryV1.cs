namespace Skiff.Api.Protobuf;

// The discovery/v1 part of the schema table; the notation is described in ProtoSchema.cs.
public static partial class ProtoSchema
{
    private const string DiscoveryV1 = """
        package discovery.v1 discovery.k8s.io/v1
        message Endpoint
          1 addresses []string
          2 conditions EndpointConditions
          3 hostname *string
          4 targetRef *core.v1.ObjectReference
          5 deprecatedTopology map[string]string
          6 nodeName *string
          7 zone *string
          8 hints *EndpointHints
        message EndpointConditions
          1 ready *bool
          2 serving *bool
          3 terminating *bool
        message EndpointHints
          1 forZones []ForZone
          2 forNodes []ForNode
        message EndpointPort
          1 name *string
          2 protocol *string
          3 port *int32
          4 appProtocol *string
        kind EndpointSlice
          1 metadata meta.v1.ObjectMeta
          2 endpoints []Endpoint
          3 ports []EndpointPort
          4 addressType string
        kind EndpointSliceList
          1 metadata meta.v1.ListMeta
          2 items []EndpointSlice
        message ForNode
          1 name string
        message ForZone
          1 name string
        """;
}
