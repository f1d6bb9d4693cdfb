using k8s.Models;
using static Skiff.Api.Tests.Tables.TableTestObjects;

namespace Skiff.Api.Tests.Tables;

public class StorageCellsTests
{
    private static V1PersistentVolumeClaim Claim() => new()
    {
        Metadata = Meta("data"),
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = "standard",
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
        },
        Status = new V1PersistentVolumeClaimStatus { Phase = "Pending" },
    };

    [Fact]
    public void Pending_claim_leaves_capacity_and_access_modes_empty()
    {
        Assert.Equal(["data", "Pending", "", "", "", "standard", "<unset>", "5m", "<unset>"], Print("", "persistentvolumeclaims", Claim()));
    }

    [Fact]
    public void Bound_claim_prints_volume_capacity_and_access_modes_from_status()
    {
        var claim = Claim();
        claim.Spec.VolumeName = "pv-1";
        claim.Spec.VolumeMode = "Filesystem";
        claim.Status = new V1PersistentVolumeClaimStatus
        {
            Phase = "Bound",
            AccessModes = ["ReadWriteOncePod", "ReadWriteOnce", "ReadWriteOnce"],
            Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("2Gi") },
        };
        Assert.Equal(["data", "Bound", "pv-1", "2Gi", "RWO,RWOP", "standard", "<unset>", "5m", "Filesystem"], Print("", "persistentvolumeclaims", claim));
    }

    [Fact]
    public void Deleted_claim_is_Terminating_and_the_beta_class_annotation_wins()
    {
        var claim = Claim();
        claim.Metadata.DeletionTimestamp = Now;
        claim.Metadata.Annotations = new Dictionary<string, string> { ["volume.beta.kubernetes.io/storage-class"] = "legacy" };
        claim.Spec.VolumeAttributesClassName = "gold";
        Assert.Equal(["Terminating", "", "", "", "legacy", "gold"], Print("", "persistentvolumeclaims", claim)[1..7]);
    }

    [Fact]
    public void Persistent_volume_prints_capacity_modes_policy_and_claim()
    {
        var volume = new V1PersistentVolume
        {
            Metadata = Meta("pv-1"),
            Spec = new V1PersistentVolumeSpec
            {
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("10Gi") },
                AccessModes = ["ReadWriteMany", "ReadWriteOnce"],
                PersistentVolumeReclaimPolicy = "Retain",
                ClaimRef = new V1ObjectReference { NamespaceProperty = "default", Name = "data" },
                StorageClassName = "manual",
                VolumeMode = "Filesystem",
            },
            Status = new V1PersistentVolumeStatus { Phase = "Bound" },
        };
        Assert.Equal(["pv-1", "10Gi", "RWO,RWX", "Retain", "Bound", "default/data", "manual", "<unset>", "", "5m", "Filesystem"], Print("", "persistentvolumes", volume));
    }
}
