/* SPDX-License-Identifier: Apache-2.0 */
/* Snapshots of $VIX_TEST_VM, one action per argument (some take the next ones), in order:
 *   create NAME DESCRIPTION MEMORY   VixVM_CreateSnapshot (MEMORY 1: VIX_SNAPSHOT_INCLUDE_MEMORY),
 *                                    then prints the result handle's properties
 *   create-unnamed                   the same with a NULL name and description
 *   same                             whether the current snapshot got twice, and the root (when
 *                                    it is the current one), are one handle, and whether it is
 *                                    a new one after the last release
 *   roots                            "roots: N"
 *   tree                             every snapshot through GetRootSnapshot/GetChild, one line
 *                                    each ("tree: " + two spaces per depth + name), checking
 *                                    that GetParent of each child names its parent
 *   current                          "current: NAME" (or the error)
 *   named NAME                       the snapshot found by that name or path (or the error)
 *   revert NAME / revert-suppress NAME   VixVM_RevertToSnapshot (0 / SUPPRESS_SNAPSHOT_POWERON)
 *   remove NAME / remove-children NAME   VixVM_RemoveSnapshot, then reads the stale handle
 *                                        (docs/libvix.md#deleted-handles)
 *   clone full|linked|bad SNAPSHOT|- DEST   VixVM_Clone with that snapshot (or none), then
 *                                    prints the clone's vmx path read through its handle
 *   edges                            bad arguments: a root's parent, bad indexes, NULL outputs
 *   state                            the VM's power state read from the server
 * Exits 0 unless the connection or the open failed. */
#include "actions.h"

static int succeeded(VixError error)
{
  return error == VIX_OK;
}

static void print_snapshot(const char* step, VixHandle snapshot)
{
  char* name = NULL;
  char* description = NULL;
  int state = 0;
  VixError error = Vix_GetProperties(snapshot, VIX_PROPERTY_SNAPSHOT_DISPLAYNAME, &name,
                                     VIX_PROPERTY_SNAPSHOT_DESCRIPTION, &description,
                                     VIX_PROPERTY_SNAPSHOT_POWERSTATE, &state, VIX_PROPERTY_NONE);
  if (error != VIX_OK) {
    scenario_report(step, error);
    return;
  }
  printf("%s: %s \"%s\" %s\n", step, name, description, scenario_power_word(state));
  Vix_FreeBuffer(name);
  Vix_FreeBuffer(description);
}

static void print_tree(VixHandle snapshot, int depth)
{
  int count = -1;
  int i;
  char* name = NULL;
  if (Vix_GetProperties(snapshot, VIX_PROPERTY_SNAPSHOT_DISPLAYNAME, &name, VIX_PROPERTY_NONE) !=
      VIX_OK) {
    printf("tree: no name\n");
    return;
  }
  printf("tree: %*s%s\n", depth * 2, "", name);
  Vix_FreeBuffer(name);
  if (!succeeded(VixSnapshot_GetNumChildren(snapshot, &count))) {
    printf("tree: children unknown\n");
    return;
  }
  for (i = 0; i < count; ++i) {
    VixHandle child = VIX_INVALID_HANDLE;
    VixHandle parent = VIX_INVALID_HANDLE;
    char* parent_name = NULL;
    char* own_name = NULL;
    if (VixSnapshot_GetChild(snapshot, i, &child) != VIX_OK) {
      printf("tree: child %d missing\n", i);
      continue;
    }
    if (VixSnapshot_GetParent(child, &parent) != VIX_OK || parent == VIX_INVALID_HANDLE ||
        Vix_GetProperties(parent, VIX_PROPERTY_SNAPSHOT_DISPLAYNAME, &parent_name,
                          VIX_PROPERTY_NONE) != VIX_OK ||
        Vix_GetProperties(snapshot, VIX_PROPERTY_SNAPSHOT_DISPLAYNAME, &own_name,
                          VIX_PROPERTY_NONE) != VIX_OK ||
        strcmp(parent_name, own_name) != 0) {
      printf("tree: parent of child %d is wrong\n", i);
    }
    Vix_FreeBuffer(parent_name);
    Vix_FreeBuffer(own_name);
    Vix_ReleaseHandle(parent);
    print_tree(child, depth + 1);
    Vix_ReleaseHandle(child);
  }
}

static void tree(VixHandle vm)
{
  int roots = -1;
  int i;
  if (!succeeded(VixVM_GetNumRootSnapshots(vm, &roots))) {
    printf("tree: roots unknown\n");
    return;
  }
  for (i = 0; i < roots; ++i) {
    VixHandle root = VIX_INVALID_HANDLE;
    if (VixVM_GetRootSnapshot(vm, i, &root) != VIX_OK) {
      printf("tree: root %d missing\n", i);
      continue;
    }
    print_tree(root, 0);
    Vix_ReleaseHandle(root);
  }
}

static void edges(VixHandle vm)
{
  VixHandle root = VIX_INVALID_HANDLE;
  VixHandle parent = 77;
  VixHandle other = VIX_INVALID_HANDLE;
  int roots = 0;
  scenario_report("root -1", VixVM_GetRootSnapshot(vm, -1, &other));
  VixVM_GetNumRootSnapshots(vm, &roots);
  scenario_report("root past the end", VixVM_GetRootSnapshot(vm, roots, &other));
  scenario_report("roots into NULL", VixVM_GetNumRootSnapshots(vm, NULL));
  scenario_report("named NULL", VixVM_GetNamedSnapshot(vm, NULL, &other));
  scenario_report("root of a snapshot", VixVM_GetRootSnapshot(vm, 0, &other) == VIX_OK
                                          ? VixVM_GetNumRootSnapshots(other, &roots)
                                          : VIX_E_FAIL);
  Vix_ReleaseHandle(other);
  if (VixVM_GetRootSnapshot(vm, 0, &root) != VIX_OK) {
    printf("edges: no root\n");
    return;
  }
  scenario_report("parent of a root", VixSnapshot_GetParent(root, &parent));
  printf("parent of a root is %s\n", parent == VIX_INVALID_HANDLE ? "none" : "a handle");
  scenario_report("child past the end", VixSnapshot_GetChild(root, 1000, &other));
  scenario_report("snapshot children of a VM", VixSnapshot_GetNumChildren(vm, &roots));
  scenario_report("create with bad options",
                  scenario_wait(
                    VixVM_CreateSnapshot(vm, "x", NULL, 0x4, VIX_INVALID_HANDLE, NULL, NULL)));
  scenario_report("revert with mixed options",
                  scenario_wait(VixVM_RevertToSnapshot(vm, root,
                                                       VIX_VMPOWEROP_SUPPRESS_SNAPSHOT_POWERON |
                                                         VIX_VMPOWEROP_FROM_GUEST,
                                                       VIX_INVALID_HANDLE, NULL, NULL)));
  scenario_report("remove with a VM as snapshot",
                  scenario_wait(VixVM_RemoveSnapshot(vm, vm, 0, NULL, NULL)));
  Vix_ReleaseHandle(root);
}

/* The named snapshot, or VIX_INVALID_HANDLE after printing the error under `step`. */
static VixHandle named(VixHandle vm, const char* step, const char* name)
{
  VixHandle snapshot = VIX_INVALID_HANDLE;
  VixError error = VixVM_GetNamedSnapshot(vm, name, &snapshot);
  if (error != VIX_OK) {
    scenario_report(step, error);
    return VIX_INVALID_HANDLE;
  }
  return snapshot;
}

static void create(VixHandle vm, const char* step, const char* name, const char* description,
                   int memory)
{
  VixHandle snapshot = VIX_INVALID_HANDLE;
  VixHandle job = VixVM_CreateSnapshot(vm, name, description,
                                       memory ? VIX_SNAPSHOT_INCLUDE_MEMORY : 0,
                                       VIX_INVALID_HANDLE, NULL, NULL);
  VixError error = VixJob_Wait(job, VIX_PROPERTY_JOB_RESULT_HANDLE, &snapshot, VIX_PROPERTY_NONE);
  Vix_ReleaseHandle(job);
  if (scenario_report(step, error)) {
    print_snapshot("created", snapshot);
    Vix_ReleaseHandle(snapshot);
  }
}

/* One snapshot, one handle number while it is referenced (docs/libvix.md#same-vm-handle). */
static void same(VixHandle vm)
{
  VixHandle first = VIX_INVALID_HANDLE;
  VixHandle second = VIX_INVALID_HANDLE;
  VixHandle root = VIX_INVALID_HANDLE;
  VixHandle later = VIX_INVALID_HANDLE;
  if (VixVM_GetCurrentSnapshot(vm, &first) != VIX_OK ||
      VixVM_GetCurrentSnapshot(vm, &second) != VIX_OK ||
      VixVM_GetRootSnapshot(vm, 0, &root) != VIX_OK) {
    printf("same: no current or root snapshot\n");
    return;
  }
  printf("current twice: %s\n", first == second ? "one handle" : "two handles");
  printf("root and current: %s\n", root == first ? "one handle" : "two handles");
  Vix_ReleaseHandle(root);
  Vix_ReleaseHandle(second);
  Vix_ReleaseHandle(first);
  if (VixVM_GetCurrentSnapshot(vm, &later) != VIX_OK) {
    printf("same: no current snapshot\n");
    return;
  }
  printf("after its last release: %s\n", later != first ? "a new handle" : "the old handle");
  Vix_ReleaseHandle(later);
}

static int act(VixHandle vm, int argc, char** argv, int i)
{
  const char* action = argv[i];
  char step[256];
  if (strcmp(action, "create") == 0 && i + 3 < argc) {
    snprintf(step, sizeof step, "create %s", argv[i + 1]);
    create(vm, step, argv[i + 1], argv[i + 2], strcmp(argv[i + 3], "1") == 0);
    i += 3;
  } else if (strcmp(action, "create-unnamed") == 0) {
    create(vm, action, NULL, NULL, 0);
  } else if (strcmp(action, "same") == 0) {
    same(vm);
  } else if (strcmp(action, "roots") == 0) {
    int roots = -1;
    VixError error = VixVM_GetNumRootSnapshots(vm, &roots);
    if (succeeded(error)) {
      printf("roots: %d\n", roots);
    } else {
      scenario_report("roots", error);
    }
  } else if (strcmp(action, "tree") == 0) {
    tree(vm);
  } else if (strcmp(action, "edges") == 0) {
    edges(vm);
  } else if (strcmp(action, "current") == 0) {
    VixHandle snapshot = VIX_INVALID_HANDLE;
    VixError error = VixVM_GetCurrentSnapshot(vm, &snapshot);
    if (succeeded(error)) {
      print_snapshot("current", snapshot);
      Vix_ReleaseHandle(snapshot);
    } else {
      scenario_report("current", error);
    }
  } else if (strcmp(action, "named") == 0 && i + 1 < argc) {
    VixHandle snapshot;
    snprintf(step, sizeof step, "named %s", argv[++i]);
    snapshot = named(vm, step, argv[i]);
    if (snapshot != VIX_INVALID_HANDLE) {
      print_snapshot(step, snapshot);
      Vix_ReleaseHandle(snapshot);
    }
  } else if ((strcmp(action, "revert") == 0 || strcmp(action, "revert-suppress") == 0) &&
             i + 1 < argc) {
    VixHandle snapshot;
    snprintf(step, sizeof step, "%s %s", action, argv[++i]);
    snapshot = named(vm, step, argv[i]);
    if (snapshot != VIX_INVALID_HANDLE) {
      scenario_report(step, scenario_wait(
                              VixVM_RevertToSnapshot(vm, snapshot,
                                                     strcmp(action, "revert") == 0
                                                       ? VIX_VMPOWEROP_NORMAL
                                                       : VIX_VMPOWEROP_SUPPRESS_SNAPSHOT_POWERON,
                                                     VIX_INVALID_HANDLE, NULL, NULL)));
      Vix_ReleaseHandle(snapshot);
    }
  } else if ((strcmp(action, "remove") == 0 || strcmp(action, "remove-children") == 0) &&
             i + 1 < argc) {
    VixHandle snapshot;
    snprintf(step, sizeof step, "%s %s", action, argv[++i]);
    snapshot = named(vm, step, argv[i]);
    if (snapshot != VIX_INVALID_HANDLE) {
      char* name = NULL;
      scenario_report(step, scenario_wait(VixVM_RemoveSnapshot(vm, snapshot,
                                                               strcmp(action, "remove") == 0
                                                                 ? 0
                                                                 : VIX_SNAPSHOT_REMOVE_CHILDREN,
                                                               NULL, NULL)));
      scenario_report("removed handle",
                      Vix_GetProperties(snapshot, VIX_PROPERTY_SNAPSHOT_DISPLAYNAME, &name,
                                        VIX_PROPERTY_NONE));
      scenario_report("remove again",
                      scenario_wait(VixVM_RemoveSnapshot(vm, snapshot, 0, NULL, NULL)));
      Vix_ReleaseHandle(snapshot);
    }
  } else if (strcmp(action, "clone") == 0 && i + 3 < argc) {
    VixHandle snapshot = VIX_INVALID_HANDLE;
    VixHandle clone = VIX_INVALID_HANDLE;
    VixHandle job;
    VixError error;
    snprintf(step, sizeof step, "clone %s %s %s", argv[i + 1], argv[i + 2], argv[i + 3]);
    if (strcmp(argv[i + 2], "-") != 0) {
      snapshot = named(vm, step, argv[i + 2]);
    }
    job = VixVM_Clone(vm, snapshot,
                      strcmp(argv[i + 1], "linked") == 0 ? VIX_CLONETYPE_LINKED
                      : strcmp(argv[i + 1], "full") == 0 ? VIX_CLONETYPE_FULL
                                                         : 7,
                      argv[i + 3], 0, VIX_INVALID_HANDLE, NULL, NULL);
    error = VixJob_Wait(job, VIX_PROPERTY_JOB_RESULT_HANDLE, &clone, VIX_PROPERTY_NONE);
    Vix_ReleaseHandle(job);
    if (scenario_report(step, error)) {
      char* path = NULL;
      if (succeeded(
            Vix_GetProperties(clone, VIX_PROPERTY_VM_VMX_PATHNAME, &path, VIX_PROPERTY_NONE))) {
        printf("clone is %s\n", path);
        Vix_FreeBuffer(path);
      }
      Vix_ReleaseHandle(clone);
    }
    Vix_ReleaseHandle(snapshot);
    i += 3;
  } else if (strcmp(action, "state") == 0) {
    int state = 0;
    VixError error = Vix_GetProperties(vm, VIX_PROPERTY_VM_POWER_STATE, &state, VIX_PROPERTY_NONE);
    if (succeeded(error)) {
      printf("power state: %s\n", scenario_power_word(state));
    } else {
      scenario_report("state", error);
    }
  } else {
    return -1;
  }
  return i;
}

int main(int argc, char** argv)
{
  return scenario_run_actions(argc, argv, act);
}
