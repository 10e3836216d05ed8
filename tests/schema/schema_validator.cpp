// SPDX-License-Identifier: Apache-2.0

#include "schema_validator.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace {

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct ParserCtxtFree {
  void operator()(xmlSchemaParserCtxt* c) const { xmlSchemaFreeParserCtxt(c); }
};
struct SchemaFree {
  void operator()(xmlSchema* s) const { xmlSchemaFree(s); }
};
struct ValidCtxtFree {
  void operator()(xmlSchemaValidCtxt* c) const { xmlSchemaFreeValidCtxt(c); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

xmlNode* first_element(xmlNode* node)
{
  for (; node != nullptr; node = node->next) {
    if (node->type == XML_ELEMENT_NODE) {
      return node;
    }
  }
  return nullptr;
}

xmlNode* find_child(xmlNode* parent, const char* name)
{
  for (xmlNode* n = first_element(parent->children); n != nullptr; n = first_element(n->next)) {
    if (std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0) {
      return n;
    }
  }
  return nullptr;
}

void collect(void* ctx, const char* fmt, ...)
{
  char buffer[1024];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buffer, sizeof buffer, fmt, args);
  va_end(args);
  static_cast<std::string*>(ctx)->append(buffer);
}

} // namespace

struct SchemaValidator::Impl {
  DocPtr schema_doc;
  std::unique_ptr<xmlSchema, SchemaFree> schema;
};

SchemaValidator::SchemaValidator(const std::string& vim25_dir) : m_impl(std::make_unique<Impl>())
{
  const std::string wsdl = vim25_dir + "/vim.wsdl";
  DocPtr wsdl_doc(xmlReadFile(wsdl.c_str(), nullptr, XML_PARSE_NONET));
  if (!wsdl_doc) {
    throw std::runtime_error("cannot read " + wsdl);
  }
  xmlNode* types = find_child(xmlDocGetRootElement(wsdl_doc.get()), "types");
  xmlNode* schema = types ? find_child(types, "schema") : nullptr;
  if (schema == nullptr) {
    throw std::runtime_error("no <types><schema> in " + wsdl);
  }
  // The embedded schema becomes a document of its own, based at the WSDL's URL so that its
  // relative <include schemaLocation="..."> resolve to the .xsd files beside it.
  m_impl->schema_doc.reset(xmlNewDoc(BAD_CAST "1.0"));
  xmlDocSetRootElement(m_impl->schema_doc.get(),
                       xmlDocCopyNode(schema, m_impl->schema_doc.get(), 1));
  m_impl->schema_doc->URL = xmlStrdup(BAD_CAST wsdl.c_str());
  std::unique_ptr<xmlSchemaParserCtxt, ParserCtxtFree> parser(
    xmlSchemaNewDocParserCtxt(m_impl->schema_doc.get()));
  m_impl->schema.reset(xmlSchemaParse(parser.get()));
  if (!m_impl->schema) {
    throw std::runtime_error("cannot compile the schema of " + wsdl);
  }
}

SchemaValidator::~SchemaValidator() = default;

std::string SchemaValidator::validate_envelope(const std::string& envelope)
{
  std::string errors;
  DocPtr doc(xmlReadMemory(envelope.data(), static_cast<int>(envelope.size()), "request.xml",
                           nullptr, XML_PARSE_NONET));
  xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  xmlNode* body = root ? find_child(root, "Body") : nullptr;
  xmlNode* method = body ? first_element(body->children) : nullptr;
  if (method == nullptr) {
    return "not a SOAP envelope with a body element";
  }
  // The method element alone, with every namespace declared around it in the envelope:
  // xsi:type values such as "xsd:string" are QNames that need the envelope's xsd prefix.
  DocPtr request(xmlNewDoc(BAD_CAST "1.0"));
  xmlNode* copy = xmlDocCopyNode(method, request.get(), 1);
  xmlDocSetRootElement(request.get(), copy);
  for (xmlNode* scope = method->parent; scope != nullptr && scope->type == XML_ELEMENT_NODE;
       scope = scope->parent) {
    for (xmlNs* ns = scope->nsDef; ns != nullptr; ns = ns->next) {
      if (xmlSearchNs(request.get(), copy, ns->prefix) == nullptr) {
        xmlNewNs(copy, ns->href, ns->prefix);
      }
    }
  }
  xmlReconciliateNs(request.get(), copy);
  std::unique_ptr<xmlSchemaValidCtxt, ValidCtxtFree> ctxt(
    xmlSchemaNewValidCtxt(m_impl->schema.get()));
  xmlSchemaSetValidErrors(ctxt.get(), collect, collect, &errors);
  const int rc = xmlSchemaValidateDoc(ctxt.get(), request.get());
  if (rc != 0 && errors.empty()) {
    errors = "invalid (libxml2 code " + std::to_string(rc) + ")";
  }
  return errors;
}

std::string vim25_unavailable(const std::string& vim25_dir)
{
  const std::string how = "set VMRUN_VIM25_DIR to a folder with the vSphere WSDL "
                          "(scripts/fetch-wsdl.sh HOST fetches it)";
  if (vim25_dir.empty()) {
    return "schema check skipped: " + how;
  }
  if (!std::filesystem::exists(std::filesystem::path(vim25_dir) / "vim.wsdl")) {
    return "schema check skipped: no vim.wsdl in " + vim25_dir + "; " + how;
  }
  return "";
}
