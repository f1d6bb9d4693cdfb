namespace Skiff.Api.Protobuf;

// The coordination/v1 part of the schema table; the notation is described in ProtoSchema.cs.
public static partial class ProtoSchema
{
    private const string CoordinationV1 = """
        package coordination.v1 coordination.k8s.io/v1
        kind Lease
          1 metadata meta.v1.ObjectMeta
          2 spec LeaseSpec
        kind LeaseList
          1 metadata meta.v1.ListMeta
          2 items []Lease
        message LeaseSpec
          1 holderIdentity *string
          2 leaseDurationSeconds *int32
          3 acquireTime *MicroTime
          4 renewTime *MicroTime
          5 leaseTransitions *int32
          6 strategy *string
          7 preferredHolder *string
        """;
}
