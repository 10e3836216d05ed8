/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Compiled (never run) by test_header.sh as C89, C99 and C++ with every warning an error: each
 * type name vix.h must provide is used, VixEventProc must be a function type, and a sample of
 * constants must have their exact values. A failed check is a negative array size, so a wrong
 * value stops the compile in any of the three languages.
 */
#include <vix.h>
#include <vm_basic_types.h> /* included again after vix.h: the guards must allow it */

#define VIX_CHECK(name, cond) typedef char vix_check_##name[(cond) ? 1 : -1]

/* Sizes callers rely on: a BOOL property writes one byte, a VixError is 64 bits. */
VIX_CHECK(bool_size, sizeof(Bool) == 1);
VIX_CHECK(error_size, sizeof(VixError) == 8);
VIX_CHECK(handle_size, sizeof(VixHandle) == 4);
VIX_CHECK(int8_size, sizeof(int8) == 1 && sizeof(uint8) == 1);
VIX_CHECK(int16_size, sizeof(int16) == 2 && sizeof(uint16) == 2);
VIX_CHECK(int32_size, sizeof(int32) == 4 && sizeof(uint32) == 4);
VIX_CHECK(int64_size, sizeof(int64) == 8 && sizeof(uint64) == 8);
VIX_CHECK(error_unsigned, (VixError)-1 > 0);
VIX_CHECK(int64_signed, (int64)-1 < 0);
VIX_CHECK(true_false, TRUE == 1 && FALSE == 0);

/* Macros. */
VIX_CHECK(error_code_mask, VIX_ERROR_CODE(0x12340006) == VIX_E_NOT_SUPPORTED);
VIX_CHECK(succeeded, VIX_SUCCEEDED(VIX_OK) && !VIX_SUCCEEDED(VIX_E_FAIL));
VIX_CHECK(failed, VIX_FAILED(VIX_E_FAIL) && !VIX_FAILED(VIX_OK));

/* Handles and handle types. */
VIX_CHECK(invalid_handle, VIX_INVALID_HANDLE == 0);
VIX_CHECK(handletype_none, VIX_HANDLETYPE_NONE == 0);
VIX_CHECK(handletype_host, VIX_HANDLETYPE_HOST == 2);
VIX_CHECK(handletype_vm, VIX_HANDLETYPE_VM == 3);
VIX_CHECK(handletype_network, VIX_HANDLETYPE_NETWORK == 5);
VIX_CHECK(handletype_job, VIX_HANDLETYPE_JOB == 6);
VIX_CHECK(handletype_snapshot, VIX_HANDLETYPE_SNAPSHOT == 7);
VIX_CHECK(handletype_property_list, VIX_HANDLETYPE_PROPERTY_LIST == 9);
VIX_CHECK(handletype_metadata_container, VIX_HANDLETYPE_METADATA_CONTAINER == 11);

/* Property types. */
VIX_CHECK(propertytype_any, VIX_PROPERTYTYPE_ANY == 0);
VIX_CHECK(propertytype_integer, VIX_PROPERTYTYPE_INTEGER == 1);
VIX_CHECK(propertytype_string, VIX_PROPERTYTYPE_STRING == 2);
VIX_CHECK(propertytype_bool, VIX_PROPERTYTYPE_BOOL == 3);
VIX_CHECK(propertytype_handle, VIX_PROPERTYTYPE_HANDLE == 4);
VIX_CHECK(propertytype_int64, VIX_PROPERTYTYPE_INT64 == 5);
VIX_CHECK(propertytype_blob, VIX_PROPERTYTYPE_BLOB == 6);

/* Event types. */
VIX_CHECK(event_job_completed, VIX_EVENTTYPE_JOB_COMPLETED == 2);
VIX_CHECK(event_job_progress, VIX_EVENTTYPE_JOB_PROGRESS == 3);
VIX_CHECK(event_find_item, VIX_EVENTTYPE_FIND_ITEM == 8);
VIX_CHECK(event_callback_signalled, VIX_EVENTTYPE_CALLBACK_SIGNALLED == 2);

/* Host options, providers, API version, find and open. */
VIX_CHECK(hostoption_event_pump, VIX_HOSTOPTION_USE_EVENT_PUMP == 0x0008);
VIX_CHECK(hostoption_verify_ssl, VIX_HOSTOPTION_VERIFY_SSL_CERT == 0x4000);
VIX_CHECK(provider_default, VIX_SERVICEPROVIDER_DEFAULT == 1);
VIX_CHECK(provider_server, VIX_SERVICEPROVIDER_VMWARE_SERVER == 2);
VIX_CHECK(provider_workstation, VIX_SERVICEPROVIDER_VMWARE_WORKSTATION == 3);
VIX_CHECK(provider_player, VIX_SERVICEPROVIDER_VMWARE_PLAYER == 4);
VIX_CHECK(provider_vi_server, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER == 10);
VIX_CHECK(provider_workstation_shared, VIX_SERVICEPROVIDER_VMWARE_WORKSTATION_SHARED == 11);
VIX_CHECK(api_version, VIX_API_VERSION == -1);
VIX_CHECK(find_running, VIX_FIND_RUNNING_VMS == 1);
VIX_CHECK(find_registered, VIX_FIND_REGISTERED_VMS == 4);
VIX_CHECK(vmopen_normal, VIX_VMOPEN_NORMAL == 0);
VIX_CHECK(pumpevent_none, VIX_PUMPEVENTOPTION_NONE == 0);

/* Power operations and deletion. */
VIX_CHECK(powerop_normal, VIX_VMPOWEROP_NORMAL == 0);
VIX_CHECK(powerop_from_guest, VIX_VMPOWEROP_FROM_GUEST == 0x0004);
VIX_CHECK(powerop_suppress_poweron, VIX_VMPOWEROP_SUPPRESS_SNAPSHOT_POWERON == 0x0080);
VIX_CHECK(powerop_launch_gui, VIX_VMPOWEROP_LAUNCH_GUI == 0x0200);
VIX_CHECK(powerop_start_paused, VIX_VMPOWEROP_START_VM_PAUSED == 0x1000);
VIX_CHECK(delete_disk_files, VIX_VMDELETE_DISK_FILES == 0x0002);

/* Power states, Tools states, supported features, file attributes. */
VIX_CHECK(power_powering_off, VIX_POWERSTATE_POWERING_OFF == 0x0001);
VIX_CHECK(power_powered_off, VIX_POWERSTATE_POWERED_OFF == 0x0002);
VIX_CHECK(power_powering_on, VIX_POWERSTATE_POWERING_ON == 0x0004);
VIX_CHECK(power_powered_on, VIX_POWERSTATE_POWERED_ON == 0x0008);
VIX_CHECK(power_suspending, VIX_POWERSTATE_SUSPENDING == 0x0010);
VIX_CHECK(power_suspended, VIX_POWERSTATE_SUSPENDED == 0x0020);
VIX_CHECK(power_tools_running, VIX_POWERSTATE_TOOLS_RUNNING == 0x0040);
VIX_CHECK(power_resetting, VIX_POWERSTATE_RESETTING == 0x0080);
VIX_CHECK(power_blocked_on_msg, VIX_POWERSTATE_BLOCKED_ON_MSG == 0x0100);
VIX_CHECK(power_paused, VIX_POWERSTATE_PAUSED == 0x0200);
VIX_CHECK(power_resuming, VIX_POWERSTATE_RESUMING == 0x0800);
VIX_CHECK(tools_unknown, VIX_TOOLSSTATE_UNKNOWN == 0x0001);
VIX_CHECK(tools_running, VIX_TOOLSSTATE_RUNNING == 0x0002);
VIX_CHECK(tools_not_installed, VIX_TOOLSSTATE_NOT_INSTALLED == 0x0004);
VIX_CHECK(support_shared_folders, VIX_VM_SUPPORT_SHARED_FOLDERS == 0x0001);
VIX_CHECK(support_multiple_snapshots, VIX_VM_SUPPORT_MULTIPLE_SNAPSHOTS == 0x0002);
VIX_CHECK(support_tools_install, VIX_VM_SUPPORT_TOOLS_INSTALL == 0x0004);
VIX_CHECK(support_hardware_upgrade, VIX_VM_SUPPORT_HARDWARE_UPGRADE == 0x0008);
VIX_CHECK(file_directory, VIX_FILE_ATTRIBUTES_DIRECTORY == 0x0001);
VIX_CHECK(file_symlink, VIX_FILE_ATTRIBUTES_SYMLINK == 0x0002);

/* Guest, variables, snapshots, shared folders, screen, clone, Tools installation. */
VIX_CHECK(login_interactive, VIX_LOGIN_IN_GUEST_REQUIRE_INTERACTIVE_ENVIRONMENT == 0x08);
VIX_CHECK(run_return_immediately, VIX_RUNPROGRAM_RETURN_IMMEDIATELY == 0x0001);
VIX_CHECK(run_activate_window, VIX_RUNPROGRAM_ACTIVATE_WINDOW == 0x0002);
VIX_CHECK(var_guest, VIX_VM_GUEST_VARIABLE == 1);
VIX_CHECK(var_config_runtime, VIX_VM_CONFIG_RUNTIME_ONLY == 2);
VIX_CHECK(var_guest_environment, VIX_GUEST_ENVIRONMENT_VARIABLE == 3);
VIX_CHECK(snapshot_remove_children, VIX_SNAPSHOT_REMOVE_CHILDREN == 0x0001);
VIX_CHECK(snapshot_include_memory, VIX_SNAPSHOT_INCLUDE_MEMORY == 0x0002);
VIX_CHECK(sharedfolder_write, VIX_SHAREDFOLDER_WRITE_ACCESS == 0x04);
VIX_CHECK(capture_png, VIX_CAPTURESCREENFORMAT_PNG == 0x01);
VIX_CHECK(capture_png_nocompress, VIX_CAPTURESCREENFORMAT_PNG_NOCOMPRESS == 0x02);
VIX_CHECK(clone_full, VIX_CLONETYPE_FULL == 0);
VIX_CHECK(clone_linked, VIX_CLONETYPE_LINKED == 1);
VIX_CHECK(installtools_mount, VIX_INSTALLTOOLS_MOUNT_TOOLS_INSTALLER == 0x00);
VIX_CHECK(installtools_auto_upgrade, VIX_INSTALLTOOLS_AUTO_UPGRADE == 0x01);
VIX_CHECK(installtools_return_immediately, VIX_INSTALLTOOLS_RETURN_IMMEDIATELY == 0x02);

/* Error codes: a sample from every range (the vix_error_codes test compares all of them). */
VIX_CHECK(e_ok, VIX_OK == 0);
VIX_CHECK(e_fail, VIX_E_FAIL == 1);
VIX_CHECK(e_out_of_memory, VIX_E_OUT_OF_MEMORY == 2);
VIX_CHECK(e_invalid_arg, VIX_E_INVALID_ARG == 3);
VIX_CHECK(e_file_not_found, VIX_E_FILE_NOT_FOUND == 4);
VIX_CHECK(e_not_supported, VIX_E_NOT_SUPPORTED == 6);
VIX_CHECK(e_cancelled, VIX_E_CANCELLED == 10);
VIX_CHECK(e_unfinished_job, VIX_E_UNFINISHED_JOB == 29);
VIX_CHECK(e_authentication_fail, VIX_E_AUTHENTICATION_FAIL == 35);
VIX_CHECK(e_host_connection_lost, VIX_E_HOST_CONNECTION_LOST == 36);
VIX_CHECK(e_argument_too_big, VIX_E_ARGUMENT_TOO_BIG == 44);
VIX_CHECK(e_invalid_handle, VIX_E_INVALID_HANDLE == 1000);
VIX_CHECK(e_not_supported_on_handle_type, VIX_E_NOT_SUPPORTED_ON_HANDLE_TYPE == 1001);
VIX_CHECK(e_not_found, VIX_E_NOT_FOUND == 2000);
VIX_CHECK(e_vm_not_running, VIX_E_VM_NOT_RUNNING == 3006);
VIX_CHECK(e_vm_is_running, VIX_E_VM_IS_RUNNING == 3007);
VIX_CHECK(e_guest_user_permissions, VIX_E_GUEST_USER_PERMISSIONS == 3015);
VIX_CHECK(e_tools_not_running, VIX_E_TOOLS_NOT_RUNNING == 3016);
VIX_CHECK(e_anon_guest_ops, VIX_E_ANON_GUEST_OPERATIONS_PROHIBITED == 3018);
VIX_CHECK(e_not_allowed_recording, VIX_E_NOT_ALLOWED_DURING_VM_RECORDING == 3029);
VIX_CHECK(e_not_allowed_replay, VIX_E_NOT_ALLOWED_DURING_VM_REPLAY == 3030);
VIX_CHECK(e_login_type_not_supported, VIX_E_LOGIN_TYPE_NOT_SUPPORTED == 3032);
VIX_CHECK(e_unable_to_replay, VIX_E_UNABLE_TO_REPLAY_VM == 3039);
VIX_CHECK(e_cannot_power_on_vm, VIX_E_CANNOT_POWER_ON_VM == 3041);
VIX_CHECK(e_vm_not_recording, VIX_E_VM_NOT_RECORDING == 3044);
VIX_CHECK(e_vm_not_replaying, VIX_E_VM_NOT_REPLAYING == 3045);
VIX_CHECK(e_invalid_auth_session, VIX_E_INVALID_AUTHENTICATION_SESSION == 3047);
VIX_CHECK(e_vm_not_found, VIX_E_VM_NOT_FOUND == 4000);
VIX_CHECK(e_vm_unsupported_guest, VIX_E_VM_UNSUPPORTED_GUEST == 4011);
VIX_CHECK(e_unrecognized_property, VIX_E_UNRECOGNIZED_PROPERTY == 6000);
VIX_CHECK(e_property_type_mismatch, VIX_E_PROPERTY_TYPE_MISMATCH == 6005);
VIX_CHECK(e_bad_vm_index, VIX_E_BAD_VM_INDEX == 8000);
VIX_CHECK(e_invalid_message_body, VIX_E_INVALID_MESSAGE_BODY == 10001);
VIX_CHECK(e_snapshot_notfound, VIX_E_SNAPSHOT_NOTFOUND == 13003);
VIX_CHECK(e_snapshot_nonunique_name, VIX_E_SNAPSHOT_NONUNIQUE_NAME == 13017);
VIX_CHECK(e_snapshot_rrsuspend, VIX_E_SNAPSHOT_RRSUSPEND == 13022);
VIX_CHECK(e_snapshot_not_revertable, VIX_E_SNAPSHOT_NOT_REVERTABLE == 13024);
VIX_CHECK(e_host_tcp_conn_lost, VIX_E_HOST_TCP_CONN_LOST == 14011);
VIX_CHECK(e_disk_attach_rootlink, VIX_E_DISK_ATTACH_ROOTLINK == 16069);
VIX_CHECK(e_crypto_keysafe_locator, VIX_E_CRYPTO_KEYSAFE_LOCATOR == 17012);
VIX_CHECK(e_cannot_connect_to_host, VIX_E_CANNOT_CONNECT_TO_HOST == 18000);
VIX_CHECK(e_screen_capture_large, VIX_E_SCREEN_CAPTURE_LARGE_DATA == 19003);
VIX_CHECK(e_not_a_directory, VIX_E_NOT_A_DIRECTORY == 20002);
VIX_CHECK(e_operation_disabled, VIX_E_OPERATION_DISABLED == 20005);
VIX_CHECK(e_tools_sig_check, VIX_E_TOOLS_INSTALL_SIG_CHECK_FAILED == 21008);
VIX_CHECK(e_tools_image_copy, VIX_E_TOOLS_INSTALL_IMAGE_COPY_FAILED == 21012);
VIX_CHECK(e_wrapper_provider, VIX_E_WRAPPER_SERVICEPROVIDER_NOT_FOUND == 22003);
VIX_CHECK(e_wrapper_multiple, VIX_E_WRAPPER_MULTIPLE_SERVICEPROVIDERS == 22006);
VIX_CHECK(e_mntapi_volume_not_writable, VIX_E_MNTAPI_VOLUME_NOT_WRITABLE == 24322);
VIX_CHECK(e_async, VIX_ASYNC == 25000);
VIX_CHECK(e_async_mixedmode, VIX_E_ASYNC_MIXEDMODE_UNSUPPORTED == 26000);
VIX_CHECK(e_http_couldnt_resolve, VIX_E_NET_HTTP_COULDNT_RESOLVE_HOST == 30006);
VIX_CHECK(e_http_couldnt_connect, VIX_E_NET_HTTP_COULDNT_CONNECT == 30007);
VIX_CHECK(e_http_ssl_connect, VIX_E_NET_HTTP_SSL_CONNECT_ERROR == 30035);
VIX_CHECK(e_http_ssl_security, VIX_E_NET_HTTP_SSL_SECURITY == 30201);
VIX_CHECK(e_http_generic, VIX_E_NET_HTTP_GENERIC == 30202);

/* Property ids. */
VIX_CHECK(p_none, VIX_PROPERTY_NONE == 0);
VIX_CHECK(p_meta_data_container, VIX_PROPERTY_META_DATA_CONTAINER == 2);
VIX_CHECK(p_host_hosttype, VIX_PROPERTY_HOST_HOSTTYPE == 50);
VIX_CHECK(p_host_api_version, VIX_PROPERTY_HOST_API_VERSION == 51);
VIX_CHECK(p_host_software_version, VIX_PROPERTY_HOST_SOFTWARE_VERSION == 52);
VIX_CHECK(p_vm_num_vcpus, VIX_PROPERTY_VM_NUM_VCPUS == 101);
VIX_CHECK(p_vm_vmx_pathname, VIX_PROPERTY_VM_VMX_PATHNAME == 103);
VIX_CHECK(p_vm_memory_size, VIX_PROPERTY_VM_MEMORY_SIZE == 106);
VIX_CHECK(p_vm_guestos, VIX_PROPERTY_VM_GUESTOS == 109);
VIX_CHECK(p_vm_power_state, VIX_PROPERTY_VM_POWER_STATE == 129);
VIX_CHECK(p_vm_tools_state, VIX_PROPERTY_VM_TOOLS_STATE == 152);
VIX_CHECK(p_vm_is_running, VIX_PROPERTY_VM_IS_RUNNING == 196);
VIX_CHECK(p_vm_is_recording, VIX_PROPERTY_VM_IS_RECORDING == 236);
VIX_CHECK(p_vm_is_replaying, VIX_PROPERTY_VM_IS_REPLAYING == 237);
VIX_CHECK(p_vm_ssl_error, VIX_PROPERTY_VM_SSL_ERROR == 293);
VIX_CHECK(p_job_error_code, VIX_PROPERTY_JOB_RESULT_ERROR_CODE == 3000);
VIX_CHECK(p_job_handle, VIX_PROPERTY_JOB_RESULT_HANDLE == 3010);
VIX_CHECK(p_job_object_exists, VIX_PROPERTY_JOB_RESULT_GUEST_OBJECT_EXISTS == 3011);
VIX_CHECK(p_job_exit_code, VIX_PROPERTY_JOB_RESULT_GUEST_PROGRAM_EXIT_CODE == 3018);
VIX_CHECK(p_job_item_name, VIX_PROPERTY_JOB_RESULT_ITEM_NAME == 3035);
VIX_CHECK(p_job_process_id, VIX_PROPERTY_JOB_RESULT_PROCESS_ID == 3051);
VIX_CHECK(p_job_screen_image_data, VIX_PROPERTY_JOB_RESULT_SCREEN_IMAGE_DATA == 3059);
VIX_CHECK(p_job_file_mod_time, VIX_PROPERTY_JOB_RESULT_FILE_MOD_TIME == 3062);
VIX_CHECK(p_job_extra_error_info, VIX_PROPERTY_JOB_RESULT_EXTRA_ERROR_INFO == 3084);
VIX_CHECK(p_found_item_location, VIX_PROPERTY_FOUND_ITEM_LOCATION == 4010);
VIX_CHECK(p_snapshot_displayname, VIX_PROPERTY_SNAPSHOT_DISPLAYNAME == 4200);
VIX_CHECK(p_snapshot_is_replayable, VIX_PROPERTY_SNAPSHOT_IS_REPLAYABLE == 4207);
VIX_CHECK(p_shares_path, VIX_PROPERTY_GUEST_SHAREDFOLDERS_SHARES_PATH == 4525);
VIX_CHECK(p_encryption_password, VIX_PROPERTY_VM_ENCRYPTION_PASSWORD == 7001);

/*
 * VixEventProc is a function type: a function is declared with it, and a VixEventProc pointer
 * takes that function without a cast (a pointer typedef would fail both).
 */
VixEventProc vix_test_callback;
VixEventProc* vix_test_callback_pointer = vix_test_callback;

/* Every type name of the interface, in a declaration each. */
struct vix_test_types {
  VixHandle handle;
  VixError error;
  VixHandleType handle_type;
  VixPropertyID property_id;
  VixPropertyType property_type;
  VixEventType event_type;
  VixEventProc* event_proc;
  VixHostOptions host_options;
  VixServiceProvider service_provider;
  VixFindItemType find_item_type;
  VixVMOpenOptions vm_open_options;
  VixPumpEventsOptions pump_events_options;
  VixVMPowerOpOptions power_op_options;
  VixVMDeleteOptions delete_options;
  VixPowerState power_state;
  VixToolsState tools_state;
  VixRunProgramOptions run_program_options;
  VixRemoveSnapshotOptions remove_snapshot_options;
  VixCreateSnapshotOptions create_snapshot_options;
  VixMsgSharedFolderOptions shared_folder_options;
  VixCloneType clone_type;
  Bool flag;
  int8 i8;
  uint8 u8;
  int16 i16;
  uint16 u16;
  int32 i32;
  uint32 u32;
  int64 i64;
  uint64 u64;
};

/* The typedefs are the int-sized types callers pass and store. */
VIX_CHECK(types_are_int,
          sizeof(VixHandleType) == sizeof(int) && sizeof(VixPropertyID) == sizeof(int) &&
            sizeof(VixPowerState) == sizeof(int) && sizeof(VixCloneType) == sizeof(int));

/* FMT64 fits a 64-bit value in a printf format (string literal concatenation). */
static const char vix_test_format[] = "%" FMT64 "d";
const char* vix_test_format_pointer = vix_test_format;
